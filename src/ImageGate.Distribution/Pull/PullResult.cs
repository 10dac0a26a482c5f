namespace ImageGate.Distribution.Pull;

/// <summary>The outcome of a pull.</summary>
/// <param name="Reference"><c>REGISTRY/REPOSITORY@sha256:…</c> of the manifest pulled.</param>
/// <param name="ManifestDigest">The manifest's digest.</param>
/// <param name="LayerDigest">Layer[0]'s digest (the file's sha256, checked while streaming).</param>
/// <param name="Size">The file's size in bytes.</param>
/// <param name="MediaType">Layer[0]'s media type.</param>
/// <param name="OutputPath">Where the file was written.</param>
public sealed record PullResult(string Reference, string ManifestDigest, string LayerDigest, long Size, string MediaType, string OutputPath)
{
    /// <summary>Layer[0]'s annotations (EGI's and Glance's, when present).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
}
