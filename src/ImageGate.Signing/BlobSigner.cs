using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ImageGate.Core.Errors;
using ImageGate.Core.IO;
using ImageGate.Signing.Bundle;
using ImageGate.Signing.Internal;
using ImageGate.Signing.Keyless;
using ImageGate.Signing.Keys;
using ImageGate.Signing.TrustRoot;
using ImageGate.Signing.Verification;

namespace ImageGate.Signing;

/// <summary>Signs blobs (files, bytes or digests) into Sigstore v0.3 bundles: keyless (ephemeral P-256 key, Fulcio
/// certificate, Rekor hashedrekord, optional TSA) or with a key (public-key hint, Rekor and TSA optional). Every
/// bundle is verified with <see cref="BundleVerifier"/> before it is returned.</summary>
public sealed class BlobSigner : ISigner
{
    private readonly SigningOptions _options;
    private readonly HttpClient? _http;

    /// <summary>Creates the signer; <paramref name="http"/> is optional (tests, proxies).</summary>
    public BlobSigner(SigningOptions options, HttpClient? http = null)
    {
        _options = options;
        _http = http;
        if (options.Key is null == options.IdentityToken is null)
            throw new BadInputException("sign with exactly one of a key or an identity token");
        if (options.Key is null && (options.FulcioUrl is null || options.RekorUrl is null))
            throw new BadInputException("keyless signing needs a Fulcio URL and a Rekor URL");
    }

    /// <summary>Signs a file's SHA-256 digest (one streaming pass over the file).</summary>
    public Task<SignedBundle> SignFileAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) throw new BadInputException("file to sign not found", path);
        return SignDigestAsync(FileDigests.Sha256Bytes(path, cancellationToken), cancellationToken);
    }

    /// <summary>Signs bytes held in memory.</summary>
    public Task<SignedBundle> SignBytesAsync(byte[] content, CancellationToken cancellationToken = default) =>
        SignDigestAsync(SHA256.HashData(content), cancellationToken);

    /// <inheritdoc />
    public async Task<SignedBundle> SignDigestAsync(byte[] sha256, CancellationToken cancellationToken = default)
    {
        if (sha256.Length != 32) throw new BadInputException("a SHA-256 digest has 32 bytes");
        var http = _http ?? SigstoreHttp.CreateClient();
        try
        {
            using var ephemeral = _options.Key is null ? SigningKey.Generate() : null;
            var key = _options.Key ?? ephemeral!;
            System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null;
            if (_options.IdentityToken is { } token)
                certificate = await FulcioClient.RequestCertificateAsync(http, WithSlash(_options.FulcioUrl!), token, key, cancellationToken).ConfigureAwait(false);

            var signature = key.SignSha256Digest(sha256);
            var verifierPem = certificate is null ? key.PublicKeyPem : Pem.Encode("CERTIFICATE", certificate.RawData);
            var entries = new List<JsonObject>();
            if (_options.RekorUrl is { } rekor)
                entries.Add(await RekorClient.UploadHashedRekordAsync(http, WithSlash(rekor), sha256, signature, verifierPem, cancellationToken).ConfigureAwait(false));
            var timestamps = new List<byte[]>();
            if (_options.TsaUrl is { } tsa)
                timestamps.Add(await TimestampClient.TimestampAsync(http, tsa, signature, cancellationToken).ConfigureAwait(false));

            var json = BundleWriter.Write(certificate, certificate is null ? key.Hint : null, entries, timestamps, sha256, signature);

            // Verify what we are about to hand out.
            var root = _options.TrustedRoot ?? TrustRoot.TrustedRoot.PublicGood;
            VerificationPolicy policy;
            if (certificate is null)
                policy = new VerificationPolicy { PublicKey = key.PublicKeyDer, RequireTransparencyLog = _options.RekorUrl is not null };
            else
            {
                var san = FulcioCertificate.SubjectAlternativeNames(certificate).FirstOrDefault()
                    ?? throw new ExternalToolException("Fulcio", "the certificate has no subject alternative name");
                var issuer = FulcioCertificate.Issuer(certificate) ?? throw new ExternalToolException("Fulcio", "the certificate has no issuer extension");
                policy = VerificationPolicy.ForIdentity(san, issuer);
            }
            VerificationResult verified;
            try
            {
                var verifier = new BundleVerifier(root);
                verified = verifier.Verify(System.Text.Encoding.UTF8.GetBytes(json), VerificationArtifact.FromSha256(sha256), policy);
            }
            catch (VerificationException ex)
            {
                throw new VerificationException(BundleReasons.SignedBundleInvalid,
                    $"the bundle just signed does not verify against the trusted root ({root.Source}): {ex.Message}", ex);
            }
            return new SignedBundle(json, verified);
        }
        finally
        {
            if (_http is null) http.Dispose();
        }
    }

    private static Uri WithSlash(Uri u) => u.AbsoluteUri.EndsWith('/') ? u : new Uri(u.AbsoluteUri + "/");
}
