using ImageGate.Distribution.Client;
using ImageGate.Distribution.Pull;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Lists;

namespace ImageGate.Pipeline;

/// <summary>Checks <c>endorse --oci</c> (and the location <c>run --registry</c> pushed to) through the registry client:
/// the manifest at the digest reference must have the image as its layer[0] (<see cref="ImagePuller.CheckLayerAsync"/>).</summary>
/// <param name="clientFor">A new client for a registry host (disposed after the check).</param>
public sealed class RegistryLocationChecker(Func<string, RegistryClient> clientFor) : IOciLocationChecker
{
    /// <inheritdoc />
    public async Task<OciLocation> CheckAsync(string reference, string sha256, long size, CancellationToken cancellationToken)
    {
        var parsed = RegistryReference.Parse(reference);
        using var client = clientFor(parsed.Registry);
        var layer = await new ImagePuller(client).CheckLayerAsync(parsed, sha256, size, cancellationToken).ConfigureAwait(false);
        return new OciLocation(parsed.ToString(), layer.Digest);
    }
}
