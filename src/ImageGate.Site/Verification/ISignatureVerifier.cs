namespace ImageGate.Site.Verification;

/// <summary>Checks a Sigstore bundle over some content against the expected signer. The Cli wires the
/// implementation (ImageGate.Signing's verifier); Site only decides what a list must satisfy beyond its signature.</summary>
public interface ISignatureVerifier
{
    /// <summary>Returns when <paramref name="bundleJson"/> is a valid signature by <paramref name="expected"/> over
    /// <paramref name="content"/>; throws <see cref="Core.Errors.VerificationException"/> otherwise (and
    /// <see cref="Core.Errors.BadInputException"/> for a bundle that cannot be read).</summary>
    Task VerifyAsync(ReadOnlyMemory<byte> content, string bundleJson, SignerIdentity expected, CancellationToken cancellationToken);
}
