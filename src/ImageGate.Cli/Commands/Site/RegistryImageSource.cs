using ImageGate.Distribution.Client;
using ImageGate.Lists;
using ImageGate.Site.Sources;

namespace ImageGate.Cli.Commands.Site;

/// <summary><c>site sync</c>'s download of <c>oci</c> locations through the registry client: layer[0] by its digest,
/// digest and size checked while streaming (<see cref="RegistryClient.DownloadBlobAsync"/>; resumes with <c>Range</c>).</summary>
internal sealed class RegistryImageSource(Func<string, RegistryClient> clientFor) : IOciImageSource
{
    /// <inheritdoc />
    public async Task DownloadAsync(OciLocation location, long size, string outputPath, CancellationToken cancellationToken)
    {
        var reference = RegistryReference.Parse(location.Reference);
        using var client = clientFor(reference.Registry);
        await client.DownloadBlobAsync(reference.Repository, new Descriptor("application/octet-stream", location.LayerDigest, size), outputPath, cancellationToken).ConfigureAwait(false);
    }
}
