namespace ImageGate.Endorsement.Endorsing;

/// <summary>Verifies an image's Sigstore bundle (trusted root, signer identity or key, transparency log) before it is
/// proposed. The Cli wires ImageGate.Signing's verifier with the verb's identity options; Endorsement only says what
/// it needs back.</summary>
public interface IImageSignatureVerifier
{
    /// <summary>Returns the verified signer when <paramref name="bundleJson"/> is a valid signature over the image
    /// (<paramref name="imagePath"/>, whose SHA-256 is <paramref name="sha256Hex"/>) by the expected signer; throws
    /// <see cref="Core.Errors.VerificationException"/> otherwise.</summary>
    VerifiedSigner Verify(ReadOnlyMemory<byte> bundleJson, string imagePath, string sha256Hex);
}
