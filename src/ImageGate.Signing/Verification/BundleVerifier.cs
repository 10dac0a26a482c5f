using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Signing.Bundle;
using ImageGate.Signing.Internal;
using ImageGate.Signing.TrustRoot;

namespace ImageGate.Signing.Verification;

/// <summary>Verifies Sigstore bundles (v0.1–v0.3) to the Sigstore client specification. Build it once from
/// trusted material; give a <see cref="VerificationPolicy"/> per call. Every failure is a
/// <see cref="VerificationException"/> whose reason names the failing check.</summary>
public sealed class BundleVerifier
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier over <paramref name="trustedRoot"/>; <paramref name="time"/> is the clock that
    /// log entries' integrated times are checked against (default: the system clock).</summary>
    public BundleVerifier(TrustedRoot trustedRoot, TimeProvider? time = null)
    {
        TrustedRoot = trustedRoot;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The trusted material.</summary>
    public TrustedRoot TrustedRoot { get; }

    /// <summary>Verifies a bundle file against an artifact.</summary>
    public VerificationResult VerifyFile(string bundlePath, VerificationArtifact artifact, VerificationPolicy policy)
    {
        if (!File.Exists(bundlePath)) throw new BadInputException("bundle file not found", bundlePath);
        if (new FileInfo(bundlePath).Length > BundleParser.MaxBundleBytes) throw new BadInputException("the bundle is too large", bundlePath);
        return Verify(File.ReadAllBytes(bundlePath), artifact, policy);
    }

    /// <summary>Verifies bundle JSON against an artifact under a policy; throws <see cref="VerificationException"/> on failure.</summary>
    public VerificationResult Verify(ReadOnlySpan<byte> bundleJson, VerificationArtifact artifact, VerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Identity is null == policy.PublicKey is null)
            throw new ArgumentException("a verification policy needs exactly one of an identity or a public key", nameof(policy));
        var bundle = BundleParser.Parse(bundleJson);
        var signature = bundle.MessageSignature?.Signature ?? bundle.Dsse!.Signature;

        // 1. Key material: a certificate for keyless policies, the caller's key for key policies.
        X509Certificate2? leaf = null;
        byte[] verifierDer;
        PublicKeyVerifier key;
        if (policy.PublicKey is { } publicKey)
        {
            if (bundle.Leaf is not null)
                throw new VerificationException(BundleReasons.BundleKeyMismatch, "key material: a public key was given but the bundle carries a certificate (keyless)");
            verifierDer = publicKey;
            key = PublicKeyVerifier.FromSubjectPublicKeyInfo(publicKey);
        }
        else
        {
            leaf = bundle.Leaf ?? throw new VerificationException(BundleReasons.BundleKeyMismatch,
                "key material: the bundle was signed with a key (hint '" + bundle.PublicKeyHint + "') but no public key was given (--key)");
            if (bundle.ExtraCertificates.Any(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)))
                throw new VerificationException(BundleReasons.BundleRootCertificate,
                    "certificate chain: the bundle carries a root (self-signed) certificate; roots come only from the trusted root");
            verifierDer = leaf.RawData;
            key = PublicKeyVerifier.FromCertificate(leaf);
        }

        using (key)
        {
            // 2. The signature over the artifact or DSSE envelope.
            VerifyContent(bundle, artifact, key);

            // 3. Transparency log entries.
            var expected = new TlogVerifier.Expected(signature, verifierDer, leaf is not null, artifact.Sha256, bundle.Dsse);
            var entries = new List<LogEntryInfo>();
            var integratedTimes = new List<DateTimeOffset>();
            var v2Logs = new List<TransparencyLogInstance>();
            foreach (var entry in bundle.TlogEntries)
            {
                var (log, setVerified) = TlogVerifier.Verify(entry, bundle, expected, TrustedRoot);
                DateTimeOffset? integrated = null;
                if (setVerified && entry.IntegratedTime > 0)
                {
                    var t = DateTimeOffset.FromUnixTimeSeconds(entry.IntegratedTime);
                    if (t > _time.GetUtcNow() + ClockSkew)
                        throw new VerificationException(BundleReasons.TlogIntegratedTimeFuture, $"integrated time {t:u} of entry {entry.LogIndex} is in the future");
                    if (!log.IsValidAt(t))
                        throw new VerificationException(BundleReasons.TlogKeyValidity,
                            $"transparency log: integrated time {t:u} is outside the validity {log.ValidFor} of the log key of {log.BaseUrl}");
                    integrated = t;
                    integratedTimes.Add(t);
                }
                else v2Logs.Add(log);
                entries.Add(new LogEntryInfo(log.BaseUrl, entry.LogIndex, $"{entry.Kind}/{entry.KindVersion}", integrated));
            }
            if (policy.RequireTransparencyLog && entries.Count == 0)
                throw new VerificationException(BundleReasons.TlogMissing, "transparency log: the bundle has no transparency log entry (at least 1 required"
                    + (policy.PublicKey is not null ? "; a key-signed bundle without one is accepted only when the verifier says so: --insecure-ignore-tlog)" : ")"));

            // 4. RFC 3161 timestamps.
            var tsaTimes = new List<DateTimeOffset>();
            foreach (var ts in bundle.Rfc3161Timestamps)
            {
                var time = TimestampVerifier.Verify(ts, signature, TrustedRoot, out var tsError)
                    ?? throw new VerificationException(BundleReasons.TimestampInvalid, "RFC 3161 timestamp: " + tsError);
                tsaTimes.Add(time);
            }
            foreach (var log in v2Logs)
            {
                if (tsaTimes.Count == 0)
                    throw new VerificationException(BundleReasons.TimestampMissing,
                        $"timestamps: the entry of {log.BaseUrl} has no integrated time, so an RFC 3161 timestamp is required and the bundle has none");
                foreach (var t in tsaTimes)
                    if (!log.IsValidAt(t))
                        throw new VerificationException(BundleReasons.TlogKeyValidity,
                            $"transparency log: signing time {t:u} is outside the validity {log.ValidFor} of the log key of {log.BaseUrl}");
            }
            var times = integratedTimes.Concat(tsaTimes).OrderBy(t => t).ToList();

            string? san = null, issuer = null;
            if (leaf is not null)
            {
                if (times.Count == 0)
                    throw new VerificationException(BundleReasons.TimestampMissing, "timestamps: no verified signing time (integrated time with a SET, or an RFC 3161 timestamp)");
                // 5. Certificate: valid at every signing time, chained to a Fulcio CA of the trusted root valid then.
                foreach (var t in times)
                    if (t < leaf.NotBefore.ToUniversalTime() || t > leaf.NotAfter.ToUniversalTime())
                        throw new VerificationException(BundleReasons.CertificateValidity,
                            $"certificate: signing time {t:u} is outside the certificate's validity {leaf.NotBefore.ToUniversalTime():u} .. {leaf.NotAfter.ToUniversalTime():u}");
                var issuingCert = VerifyChain(leaf, times);
                // 6. SCTs.
                var sctProblems = new List<string>();
                if (SctVerifier.CountVerified(leaf, issuingCert, TrustedRoot, sctProblems) < 1)
                    throw new VerificationException(BundleReasons.CertificateSct, "certificate transparency: no valid SCT: " + string.Join("; ", sctProblems));
                // 7. Identity.
                (san, issuer) = CheckIdentity(leaf, policy.Identity!);
            }

            return new VerificationResult(bundle.MediaType, artifact.Digest, san, issuer,
                leaf is null ? null : FulcioCertificate.SourceRepository(leaf),
                leaf is null ? null : FulcioCertificate.SourceRef(leaf),
                leaf is null ? null : FulcioCertificate.DerString(leaf, FulcioCertificate.BuildSignerUri),
                bundle.PublicKeyHint, times, entries, bundle.Dsse?.PayloadType, bundle.Dsse?.Payload);
        }
    }

    private X509Certificate2 VerifyChain(X509Certificate2 leaf, IReadOnlyList<DateTimeOffset> times)
    {
        X509Certificate2? issuer = null;
        foreach (var t in times)
        {
            var errors = new List<string>();
            X509Certificate2? found = null;
            foreach (var ca in TrustedRoot.CertificateAuthorities)
            {
                if (!ca.ValidFor.Contains(t)) { errors.Add($"{ca.Uri} valid {ca.ValidFor}"); continue; }
                if (ChainVerifier.TryVerify(leaf, ca, t, ChainVerifier.CodeSigning, out var iss, out var err)) { found = iss; break; }
                errors.Add($"{ca.Uri}: {err}");
            }
            if (found is null)
                throw new VerificationException(BundleReasons.CertificateChain,
                    $"certificate chain: at signing time {t:u} the certificate does not chain to a certificate authority of the trusted root valid then ({string.Join("; ", errors)})");
            issuer ??= found;
        }
        return issuer!;
    }

    private static (string San, string Issuer) CheckIdentity(X509Certificate2 leaf, CertificateIdentity identity)
    {
        var sans = FulcioCertificate.SubjectAlternativeNames(leaf);
        var issuer = FulcioCertificate.Issuer(leaf)
            ?? throw new VerificationException(BundleReasons.IdentityIssuer, "identity: the certificate has no OIDC issuer extension");
        if (issuer != identity.Issuer)
            throw new VerificationException(BundleReasons.IdentityIssuer, $"identity: expected OIDC issuer '{identity.Issuer}', found '{issuer}'");
        var san = sans.FirstOrDefault(identity.MatchesSan);
        var foundRepository = FulcioCertificate.SourceRepository(leaf);
        if (san is null)
            throw new VerificationException(BundleReasons.IdentitySan,
                $"identity: expected subject '{identity.SubjectAlternativeName ?? "~/" + identity.SubjectAlternativeNamePattern + "/"}', found '{string.Join("', '", sans)}'"
                + (foundRepository is null ? "" : $" signed in repository '{foundRepository}'")
                + (CertificateIdentity.IsGitHubActions(issuer)
                    ? " (a GitHub workflow subject names the workflow file, which is the same for every repository that calls a reusable workflow: pin the repository with --certificate-github-workflow-repository as well)"
                    : ""));
        CheckRepository(leaf, identity.SourceRepositoryUri);
        CheckRef(leaf, identity.SourceRepositoryRef);
        if (identity.BuildSignerUri is { } want)
        {
            var found = FulcioCertificate.DerString(leaf, FulcioCertificate.BuildSignerUri);
            if (found != want)
                throw new VerificationException(BundleReasons.IdentityWorkflow, $"identity: expected build signer (workflow) '{want}', found '{found ?? "(none)"}'");
        }
        return (san, issuer);
    }

    /// <summary>The caller's repository: extension .1.12 (a URL) and the legacy .1.5 (<c>OWNER/REPO</c>); each one
    /// the certificate has must match, and it must have at least one.</summary>
    private static void CheckRepository(X509Certificate2 leaf, string? want)
    {
        if (want is null) return;
        var uri = FulcioCertificate.DerString(leaf, FulcioCertificate.SourceRepositoryUri);
        var legacy = FulcioCertificate.RawString(leaf, FulcioCertificate.LegacyRepository);
        var ok = (uri is not null || legacy is not null)
            && (uri is null || string.Equals(uri.TrimEnd('/'), want, StringComparison.OrdinalIgnoreCase))
            && (legacy is null || want.EndsWith("/" + legacy, StringComparison.OrdinalIgnoreCase));
        if (!ok)
            throw new VerificationException(BundleReasons.IdentityRepository,
                $"identity: expected source repository '{want}', found '{uri ?? (legacy is null ? "(none)" : "https://github.com/" + legacy)}'"
                + (uri is not null && legacy is not null && !string.Equals("https://github.com/" + legacy, uri, StringComparison.OrdinalIgnoreCase) ? $" (legacy extension: '{legacy}')" : "")
                + ": the list or image was signed for another repository");
    }

    /// <summary>The caller's git ref: extension .1.14 and the legacy .1.6; each one the certificate has must match.</summary>
    private static void CheckRef(X509Certificate2 leaf, string? want)
    {
        if (want is null) return;
        var current = FulcioCertificate.DerString(leaf, FulcioCertificate.SourceRepositoryRef);
        var legacy = FulcioCertificate.RawString(leaf, FulcioCertificate.LegacyRef);
        var ok = (current is not null || legacy is not null)
            && (current is null || current == want) && (legacy is null || legacy == want);
        if (!ok)
            throw new VerificationException(BundleReasons.IdentityRef, $"identity: expected source repository ref '{want}', found '{current ?? legacy ?? "(none)"}'");
    }

    private static void VerifyContent(SigstoreBundle bundle, VerificationArtifact artifact, PublicKeyVerifier key)
    {
        if (bundle.MessageSignature is { } ms)
        {
            if (ms.Digest is not null)
            {
                if (ms.DigestAlgorithm is not (null or "SHA2_256"))
                    throw new VerificationException(BundleReasons.ArtifactDigestAlgorithm, $"message digest: algorithm {ms.DigestAlgorithm} is not supported (SHA2_256)");
                if (!ms.Digest.AsSpan().SequenceEqual(artifact.Sha256))
                    throw new VerificationException(BundleReasons.ArtifactDigestMismatch,
                        $"message digest: the bundle's digest is sha256:{Convert.ToHexStringLower(ms.Digest)}, the artifact's is {artifact.Digest}");
            }
            bool ok;
            if (key.IsEd25519) ok = key.VerifyData(artifact.Content(), ms.Signature);
            else if (key.DefaultHash == HashAlgorithmName.SHA256) ok = key.VerifyHash(artifact.Sha256, ms.Signature, HashAlgorithmName.SHA256);
            else if (artifact.HasContent) ok = key.VerifyData(artifact.Content(), ms.Signature);
            else throw new VerificationException(BundleReasons.ArtifactContentNeeded, "signature: this key type hashes with SHA-384/512; give the artifact file");
            if (!ok)
                throw new VerificationException(BundleReasons.SignatureInvalid, $"signature: the bundle's signature does not verify over {artifact.Description} with the signer's key");
            return;
        }

        var env = bundle.Dsse!;
        if (!key.VerifyData(env.Pae(), env.Signature))
            throw new VerificationException(BundleReasons.SignatureInvalid, "signature: the DSSE envelope signature does not verify with the signer's key");
        if (env.PayloadType == "application/vnd.in-toto+json")
        {
            var digests = InTotoSubjectDigests(env.Payload);
            var want = Convert.ToHexStringLower(artifact.Sha256);
            if (!digests.Contains(want, StringComparer.OrdinalIgnoreCase))
                throw new VerificationException(BundleReasons.ArtifactNotInStatement,
                    $"in-toto statement: no subject has the artifact's digest {artifact.Digest} (subjects: {string.Join(", ", digests.Select(d => "sha256:" + d))})");
        }
        else if (!SHA256.HashData(env.Payload).AsSpan().SequenceEqual(artifact.Sha256))
            throw new VerificationException(BundleReasons.ArtifactDigestMismatch, $"DSSE payload: its digest differs from the artifact's {artifact.Digest}");
    }

    private static List<string> InTotoSubjectDigests(byte[] payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 64 });
            var result = new List<string>();
            if (doc.RootElement.TryGetProperty("subject", out var subjects) && subjects.ValueKind == JsonValueKind.Array)
                foreach (var s in subjects.EnumerateArray())
                    if (s.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.Object && d.TryGetProperty("sha256", out var h) && h.ValueKind == JsonValueKind.String)
                        result.Add(h.GetString()!);
            return result;
        }
        catch (JsonException) { throw new VerificationException(BundleReasons.StatementMalformed, "in-toto statement: the DSSE payload is not JSON"); }
    }
}
