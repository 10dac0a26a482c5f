using ImageGate.Core.Errors;
using ImageGate.Distribution.Client;

namespace ImageGate.Distribution.Pull;

/// <summary>The <c>pull</c> use case: fetches the manifest at a tag or digest and streams its layer[0] (the disk
/// image) into a file, checking the digest and size as it goes. Nothing is left behind on failure.</summary>
public sealed class ImagePuller(RegistryClient client)
{
    /// <summary>Pulls <paramref name="reference"/> into <paramref name="outputPath"/>, not durably (left to the kernel's
    /// write-back, as curl, skopeo and oras do).</summary>
    public Task<PullResult> PullAsync(RegistryReference reference, string outputPath, Action<string>? progress = null, CancellationToken cancellationToken = default) =>
        PullAsync(reference, outputPath, durable: false, progress, cancellationToken);

    /// <summary>Pulls <paramref name="reference"/> into <paramref name="outputPath"/>; with <paramref name="durable"/> the
    /// file is flushed to disk before it is renamed into place (see <c>RegistryClient.DownloadBlobAsync</c>).</summary>
    public async Task<PullResult> PullAsync(RegistryReference reference, string outputPath, bool durable, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var (manifestDigest, layer) = await ResolveLayerAsync(reference, cancellationToken).ConfigureAwait(false);
        progress?.Invoke($"downloading {reference.WithDigest(manifestDigest)} layer {layer.Digest} ({layer.Size} bytes)");
        await client.DownloadBlobAsync(reference.Repository, layer, outputPath, durable, cancellationToken).ConfigureAwait(false);
        return new PullResult(reference.WithDigest(manifestDigest), manifestDigest, layer.Digest, layer.Size, layer.MediaType, Path.GetFullPath(outputPath))
        {
            Annotations = layer.Annotations,
        };
    }

    /// <summary>Fetches the manifest at <paramref name="reference"/> (digest checked) and returns its digest and its
    /// layer[0], the disk image; bad input naming the registry and reference when there is no such single-layer image artifact.</summary>
    public async Task<(string ManifestDigest, Descriptor Layer)> ResolveLayerAsync(RegistryReference reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var at = reference.Digest ?? reference.Tag
            ?? throw new BadInputException("name a tag or a digest (REGISTRY/REPOSITORY:TAG or REGISTRY/REPOSITORY@sha256:…)", reference.ToString());
        var manifest = await client.GetManifestAsync(reference.Repository, at, cancellationToken).ConfigureAwait(false)
            ?? throw new BadInputException($"registry {client.Registry}: {reference}: no such tag or manifest");
        if (manifest.MediaType is MediaTypes.ImageIndex or MediaTypes.DockerManifestList)
            throw new BadInputException($"registry {client.Registry}: {reference}: is an index ({manifest.MediaType}), not a single-layer image artifact");
        var parsed = OciManifest.Parse(manifest.Content, reference.ToString());
        if (parsed.Layers.Count == 0)
            throw new BadInputException($"registry {client.Registry}: {reference}: the manifest has no layer");
        var layer = parsed.Layers[0];
        if (!RegistryReference.IsSha256Digest(layer.Digest))
            throw new BadInputException($"registry {client.Registry}: {reference}: layer[0] has digest {layer.Digest}; only sha256 is supported");
        return (manifest.Digest, layer);
    }

    /// <summary>The files attached to the artifact at <paramref name="reference"/> (a digest reference) as referrers of
    /// <paramref name="artifactType"/> (e.g. the Sigstore bundle <c>push --bundle</c> attached): each referrer manifest's
    /// layer[0], digest checked, at most <paramref name="maxBytes"/> bytes each. Empty when none is attached.</summary>
    public async Task<IReadOnlyList<byte[]>> ReadReferrerFilesAsync(RegistryReference reference, string artifactType, long maxBytes = 1 << 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Digest is null)
            throw new BadInputException("referrers are read for a digest reference, REGISTRY/REPOSITORY@sha256:…", reference.ToString());
        var files = new List<byte[]>();
        foreach (var referrer in await client.GetReferrersAsync(reference.Repository, reference.Digest, artifactType, cancellationToken).ConfigureAwait(false))
        {
            var manifest = await client.GetManifestAsync(reference.Repository, referrer.Digest, cancellationToken).ConfigureAwait(false)
                ?? throw new BadInputException($"registry {client.Registry}: {reference}: the referrer {referrer.Digest} ({artifactType}) is listed but missing");
            var parsed = OciManifest.Parse(manifest.Content, reference.WithDigest(referrer.Digest));
            if (parsed.Layers.Count == 0)
                throw new BadInputException($"registry {client.Registry}: {reference}: the referrer {referrer.Digest} ({artifactType}) has no layer");
            files.Add(await client.GetBlobAsync(reference.Repository, parsed.Layers[0], maxBytes, cancellationToken).ConfigureAwait(false));
        }
        return files;
    }

    /// <summary>Checks that the artifact at <paramref name="reference"/>, a digest reference, holds the image with
    /// SHA-256 <paramref name="sha256"/> and <paramref name="size"/> bytes as its layer[0] (what <c>endorse --oci</c>
    /// records); returns that layer. Bad input naming the registry and reference otherwise.</summary>
    public async Task<Descriptor> CheckLayerAsync(RegistryReference reference, string sha256, long size, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(sha256);
        if (reference.Digest is null || reference.Tags.Count > 0)
            throw new BadInputException("give the artifact as a digest reference, REGISTRY/REPOSITORY@sha256:… (a tag can move; push prints the digest reference)", reference.ToString());
        var (_, layer) = await ResolveLayerAsync(reference, cancellationToken).ConfigureAwait(false);
        var expected = "sha256:" + sha256.ToLowerInvariant();
        if (!string.Equals(layer.Digest, expected, StringComparison.Ordinal))
            throw new BadInputException($"registry {client.Registry}: {reference}: layer[0] is {layer.Digest}, not this image ({expected})");
        if (layer.Size != size)
            throw new BadInputException($"registry {client.Registry}: {reference}: layer[0] is {layer.Size} bytes, this image is {size}");
        return layer;
    }
}
