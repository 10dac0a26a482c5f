using ImageGate.Distribution.Client;

namespace ImageGate.Distribution.Push;

/// <summary>The outcome of a push.</summary>
/// <param name="Reference"><c>REGISTRY/REPOSITORY@sha256:…</c> of the image manifest.</param>
/// <param name="ManifestDigest">The image manifest's digest.</param>
/// <param name="LayerDigest">Layer[0]'s digest (<c>sha256:</c> and the image file's sha256).</param>
/// <param name="Tags">The tags that now point at the manifest.</param>
/// <param name="Referrers">The attached files.</param>
public sealed record PushResult(string Reference, string ManifestDigest, string LayerDigest, IReadOnlyList<string> Tags, IReadOnlyList<PushedReferrer> Referrers)
{
    /// <summary>What happened to the image's bytes (already there on a re-push).</summary>
    public BlobPushOutcome Layer { get; init; }

    /// <summary>False when every tag already pointed at an equal manifest (nothing was written).</summary>
    public bool ManifestWritten { get; init; }
}
