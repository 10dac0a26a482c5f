using ImageGate.Lists;

namespace ImageGate.Site.Sources;

/// <summary>Downloads images from OCI registries. The Cli wires the Distribution library's registry client; the Site
/// library does not talk to registries itself.</summary>
public interface IOciImageSource
{
    /// <summary>Streams layer[0] (<see cref="OciLocation.LayerDigest"/>) of <paramref name="location"/> into
    /// <paramref name="outputPath"/>, checking its digest and <paramref name="size"/> while streaming; the file appears
    /// only when both match, nothing is left behind otherwise.</summary>
    Task DownloadAsync(OciLocation location, long size, string outputPath, CancellationToken cancellationToken);

    /// <summary>The Sigstore bundles (JSON text) attached to <paramref name="location"/>'s artifact as referrers
    /// (artifact type <c>application/vnd.dev.sigstore.bundle.v0.3+json</c>); empty when none is attached.</summary>
    Task<IReadOnlyList<string>> ReadImageBundlesAsync(OciLocation location, CancellationToken cancellationToken);

    /// <summary>Streams layer[0] of the artifact at <paramref name="reference"/> (<c>REGISTRY/REPOSITORY@sha256:…</c>
    /// or <c>…:TAG</c>) into <paramref name="outputPath"/>, digest and size checked while streaming (nothing is left
    /// behind otherwise); returns the digest reference that was pulled.</summary>
    Task<string> PullAsync(string reference, string outputPath, CancellationToken cancellationToken);
}
