using ImageGate.Core.Errors;
using ImageGate.Distribution.Client;

namespace ImageGate.Distribution.Pull;

/// <summary>The <c>pull</c> use case: fetches the manifest at a tag or digest and streams its layer[0] (the disk
/// image) into a file, checking the digest and size as it goes. Nothing is left behind on failure.</summary>
public sealed class ImagePuller(RegistryClient client)
{
    /// <summary>Pulls <paramref name="reference"/> into <paramref name="outputPath"/>.</summary>
    public async Task<PullResult> PullAsync(RegistryReference reference, string outputPath, Action<string>? progress = null, CancellationToken cancellationToken = default)
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
        progress?.Invoke($"downloading {reference.WithDigest(manifest.Digest)} layer {layer.Digest} ({layer.Size} bytes)");
        await client.DownloadBlobAsync(reference.Repository, layer, outputPath, cancellationToken).ConfigureAwait(false);
        return new PullResult(reference.WithDigest(manifest.Digest), manifest.Digest, layer.Digest, layer.Size, layer.MediaType, Path.GetFullPath(outputPath))
        {
            Annotations = layer.Annotations,
        };
    }
}
