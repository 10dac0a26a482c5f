using ImageGate.Packer.Artifacts;
using ImageGate.Packer.Versioning;

namespace ImageGate.Packer;

/// <summary>The outcome of a Packer build: whether it succeeded, Packer's errors, the artifacts and the disk
/// images among them with their digests.</summary>
/// <param name="Template">The template that was built (full path).</param>
/// <param name="Version">The installed Packer version and its check against the policy.</param>
/// <param name="Succeeded">True when Packer exited 0.</param>
/// <param name="ExitCode">Packer's exit code.</param>
/// <param name="Errors">Packer's error lines (empty on success).</param>
/// <param name="Artifacts">Every artifact Packer reported, once each.</param>
/// <param name="Images">The disk images among the artifacts' files (format, size, SHA-256, SHA-512).</param>
/// <param name="Manifest">The builds of this run from the manifest post-processor, when the template has one.</param>
public sealed record PackerBuildResult(
    string Template,
    PackerVersionCheck Version,
    bool Succeeded,
    int ExitCode,
    IReadOnlyList<string> Errors,
    IReadOnlyList<PackerArtifact> Artifacts,
    IReadOnlyList<DiskImageArtifact> Images,
    IReadOnlyList<PackerManifestBuild>? Manifest)
{
    /// <summary>Findings about the tooling (an outdated Packer) for the scan report.</summary>
    public IReadOnlyList<ToolingFinding> Findings => Version.Finding is { } f ? [f] : [];
}
