using ImageGate.Distribution.Client;

namespace ImageGate.Distribution.Push;

/// <summary>What <c>imagegate push</c> was asked to do.</summary>
/// <param name="ImagePath">The disk image file.</param>
/// <param name="Target">REGISTRY/REPOSITORY with the tags to set (none: the default tag).</param>
public sealed record PushRequest(string ImagePath, RegistryReference Target)
{
    /// <summary>Annotations given with <c>--annotation</c>; they win over the ones read from the image. Keys of
    /// manifest annotations (created, revision, source) go on the manifest, all others on layer[0].</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>The version part of the default tag (<c>VERSION-HEX12</c>); null: the OS VERSION_ID, else <c>image</c>.</summary>
    public string? Version { get; init; }

    /// <summary>A Sigstore bundle to attach as a referrer, or null.</summary>
    public string? BundlePath { get; init; }

    /// <summary>An SBOM (SPDX or CycloneDX JSON) to attach as a referrer, or null.</summary>
    public string? SbomPath { get; init; }

    /// <summary>A scan report (JSON) to attach as a referrer, or null.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The time written as <c>org.opencontainers.image.created</c>.</summary>
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;
}
