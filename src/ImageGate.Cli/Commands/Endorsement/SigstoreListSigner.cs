using ImageGate.Endorsement.Publishing;
using ImageGate.Signing;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary>Signs the published list with ImageGate.Signing: a Sigstore v0.3 bundle over the list's bytes, verified
/// before it is returned (keyless or key, as the signing options say).</summary>
internal sealed class SigstoreListSigner(SigningOptions options) : IListSigner
{
    public async Task<string> SignAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var signed = await new BlobSigner(options).SignBytesAsync(content.ToArray(), cancellationToken).ConfigureAwait(false);
        return signed.Json;
    }
}
