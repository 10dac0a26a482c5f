namespace ImageGate.Site.Verification;

/// <summary>Checks an image's Sigstore bundle (attached to its OCI artifact as a referrer) against the signer the site
/// trusts. The Cli wires ImageGate.Signing's verifier with the site's identity options.</summary>
public interface IImageBundleVerifier
{
    /// <summary>Returns when <paramref name="bundleJson"/> is a valid signature by <paramref name="expected"/> over the
    /// image file <paramref name="imagePath"/>, whose SHA-256 is <paramref name="sha256Hex"/>; throws
    /// <see cref="Core.Errors.VerificationException"/> otherwise (and <see cref="Core.Errors.BadInputException"/> for a
    /// bundle that cannot be read).</summary>
    Task VerifyImageAsync(string bundleJson, string imagePath, string sha256Hex, SignerIdentity expected, CancellationToken cancellationToken);
}
