namespace ImageGate.Distribution.Client;

/// <summary>An OCI content descriptor: what a manifest says about a blob or another manifest.</summary>
/// <param name="MediaType">The media type of the content.</param>
/// <param name="Digest">Its digest (<c>sha256:…</c>).</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record Descriptor(string MediaType, string Digest, long Size)
{
    /// <summary>The artifact type (for manifests listed by the referrers API), or null.</summary>
    public string? ArtifactType { get; init; }

    /// <summary>Annotations, in insertion order.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
