using System.Security.Cryptography;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Site.Verification;

namespace ImageGate.Testing.Lists;

/// <summary>A test double of the Site library's <see cref="ISignatureVerifier"/> (the Cli wires ImageGate.Signing's
/// verifier): checks a Sigstore bundle (v0.1–v0.3 shape) holding a <c>messageSignature</c> (SHA2_256 digest of the
/// content, DER ECDSA P-256 signature) against a public key. It checks no transparency log entry and cannot verify
/// keyless (certificate) bundles.</summary>
public sealed class InterimKeyBundleVerifier : ISignatureVerifier
{
    private const int MaxBundleChars = 1024 * 1024;

    /// <inheritdoc />
    public Task VerifyAsync(ReadOnlyMemory<byte> content, string bundleJson, SignerIdentity expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (expected.IsX509)
            throw new BadInputException("an X.509 identity (--ca-dir) verifies S/MIME-signed HEPiX lists, not Sigstore bundles");
        if (!expected.IsKey)
            throw new ExternalToolException("sigstore", "keyless verification (--certificate-identity) needs the Sigstore verifier, which this build does not include; use --key");
        if (bundleJson.Length > MaxBundleChars)
            throw new BadInputException("bundle is larger than 1 MiB");
        string algorithm, digestB64, signatureB64;
        try
        {
            using var doc = JsonDocument.Parse(bundleJson, new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("mediaType", out var mt) || mt.ValueKind != JsonValueKind.String
                || !mt.GetString()!.StartsWith("application/vnd.dev.sigstore.bundle", StringComparison.Ordinal))
                throw new BadInputException("bundle: not a Sigstore bundle (mediaType application/vnd.dev.sigstore.bundle…)");
            if (!root.TryGetProperty("messageSignature", out var ms) || ms.ValueKind != JsonValueKind.Object)
                throw new VerificationException(ListReasons.UnsupportedBundle, "bundle: holds no messageSignature (a DSSE bundle is not a signature over the list's bytes)");
            if (!ms.TryGetProperty("messageDigest", out var md) || md.ValueKind != JsonValueKind.Object
                || !md.TryGetProperty("algorithm", out var alg) || alg.ValueKind != JsonValueKind.String
                || !md.TryGetProperty("digest", out var dg) || dg.ValueKind != JsonValueKind.String
                || !ms.TryGetProperty("signature", out var sig) || sig.ValueKind != JsonValueKind.String)
                throw new BadInputException("bundle: messageSignature needs messageDigest {algorithm, digest} and signature");
            algorithm = alg.GetString()!;
            digestB64 = dg.GetString()!;
            signatureB64 = sig.GetString()!;
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"bundle is not valid JSON: {ex.Message}");
        }
        if (algorithm != "SHA2_256")
            throw new VerificationException(ListReasons.UnsupportedBundle, $"bundle: message digest algorithm {algorithm} is not supported (expected SHA2_256)");
        byte[] digest, signature;
        try
        {
            digest = Convert.FromBase64String(digestB64);
            signature = Convert.FromBase64String(signatureB64);
        }
        catch (FormatException)
        {
            throw new BadInputException("bundle: digest or signature is not base64");
        }
        var actual = SHA256.HashData(content.Span);
        if (!CryptographicOperations.FixedTimeEquals(actual, digest))
            throw new VerificationException(ListReasons.DigestMismatch,
                $"the content's SHA-256 {Convert.ToHexStringLower(actual)} differs from the signed digest {Convert.ToHexStringLower(digest)}: it was changed after signing");
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(expected.PublicKeyPem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new BadInputException($"the public key is not an ECDSA key in PEM: {ex.Message}");
        }
        bool valid;
        try
        {
            valid = key.VerifyHash(actual, signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            valid = false;
        }
        if (!valid)
            throw new VerificationException(ListReasons.SignatureInvalid, $"the signature does not verify with {expected}: wrong signer or tampered bundle");
        return Task.CompletedTask;
    }
}
