using ImageGate.Packer;

namespace ImageGate.Pipeline;

/// <summary>Everything <see cref="PipelineRunner"/> needs: build → scan every image → sign those that pass → push
/// (with <see cref="Registry"/>) → endorse (with <see cref="Endorsement"/>).</summary>
public sealed record PipelineRequest
{
    /// <summary>The Packer build (its log goes to <c>packer.log</c> in <see cref="OutputDirectory"/>).</summary>
    public required PackerBuildRequest Build { get; init; }

    /// <summary>Packer's version policy and environment.</summary>
    public PackerOptions Packer { get; init; } = new();

    /// <summary>Where <c>build.json</c>, <c>packer.log</c>, the reports, the SBOM and the bundle go (one subfolder per
    /// image when the build made several).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The image name in the endorsed list, used when the build made one image; else each image file's name.</summary>
    public string? ImageName { get; init; }

    /// <summary>The image version in the endorsed list (also the version part of the registry tag).</summary>
    public required string ImageVersion { get; init; }

    /// <summary>How each image is scanned.</summary>
    public PipelineScanSettings Scan { get; init; } = new();

    /// <summary>How each image is signed.</summary>
    public required PipelineSigning Signing { get; init; }

    /// <summary>Where each signed image is pushed before it is endorsed; null pushes nothing.</summary>
    public PipelineRegistry? Registry { get; init; }

    /// <summary>Where each image is endorsed; null stops after signing (and pushing).</summary>
    public PipelineEndorsement? Endorsement { get; init; }

    /// <summary>Everything but the registry push, the branch push and the pull request.</summary>
    public bool DryRun { get; init; }

    /// <summary>The clock of the scan and the push's <c>created</c> annotation.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
