using ImageGate.Endorsement.Publishing;
using ImageGate.Site.Verification;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary>Checks a previously published list with the sites' own list verifier (<see cref="ListVerifier"/>: signature
/// by <paramref name="expected"/>, then a well-formed, unexpired list not created in the future) and returns its version.</summary>
internal sealed class PublishedListVerifier(ISignatureVerifier signatures, SignerIdentity expected, TimeProvider? time = null) : IPublishedListVerifier
{
    public async Task<long> VerifyVersionAsync(ReadOnlyMemory<byte> list, string bundleJson, string source, CancellationToken cancellationToken)
    {
        var verified = await new ListVerifier(signatures, time).VerifyAsync(list, bundleJson, expected, source, source + " (bundle)", null, cancellationToken).ConfigureAwait(false);
        return verified.List.Version;
    }
}
