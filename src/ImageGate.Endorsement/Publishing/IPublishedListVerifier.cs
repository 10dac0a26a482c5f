namespace ImageGate.Endorsement.Publishing;

/// <summary>Verifies a list published before against the publisher's own signer (its public key, or the keyless
/// identity the publish job is given), so that only a list this publisher signed can set the next version. The Cli
/// wires the sites' list verifier; Endorsement never trusts an unsigned <c>version</c>.</summary>
public interface IPublishedListVerifier
{
    /// <summary>Returns the <c>version</c> of <paramref name="list"/> when <paramref name="bundleJson"/> is a valid
    /// signature over it by the publisher; throws <see cref="Core.Errors.VerificationException"/> or
    /// <see cref="Core.Errors.BadInputException"/> (naming <paramref name="source"/>) when it is not.</summary>
    Task<long> VerifyVersionAsync(ReadOnlyMemory<byte> list, string bundleJson, string source, CancellationToken cancellationToken);
}
