using System.Text;
using ImageGate.Distribution.Client;
using ImageGate.Lists;
using ImageGate.Distribution.Pull;
using ImageGate.Distribution.Push;
using ImageGate.Site.Sources;

namespace ImageGate.Cli.Commands.Site;

/// <summary>The site verbs' registry access through the registry client: <c>site sync</c>'s download of <c>oci</c>
/// locations (layer[0] by its digest, digest and size checked while streaming; resumes with <c>Range</c>) and the
/// bundles attached to them, and <c>site check</c>'s pull of a reference.</summary>
internal sealed class RegistryImageSource(Func<string, RegistryClient> clientFor) : IOciImageSource
{
    /// <inheritdoc />
    public async Task DownloadAsync(OciLocation location, long size, string outputPath, CancellationToken cancellationToken)
    {
        var reference = RegistryReference.Parse(location.Reference);
        using var client = clientFor(reference.Registry);
        // Durable: the file becomes an image in the site's cache that hypervisors read and that must survive a crash.
        await client.DownloadBlobAsync(reference.Repository, new Descriptor("application/octet-stream", location.LayerDigest, size), outputPath, durable: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ReadImageBundlesAsync(OciLocation location, CancellationToken cancellationToken)
    {
        var reference = RegistryReference.Parse(location.Reference);
        using var client = clientFor(reference.Registry);
        var files = await new ImagePuller(client).ReadReferrerFilesAsync(reference, ImagePusher.BundleArtifactType, cancellationToken: cancellationToken).ConfigureAwait(false);
        return files.Select(f => Encoding.UTF8.GetString(f)).ToList();
    }

    /// <inheritdoc />
    public async Task<string> PullAsync(string reference, string outputPath, CancellationToken cancellationToken)
    {
        var parsed = RegistryReference.Parse(reference);
        using var client = clientFor(parsed.Registry);
        var result = await new ImagePuller(client).PullAsync(parsed, outputPath, cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.Reference;
    }
}
