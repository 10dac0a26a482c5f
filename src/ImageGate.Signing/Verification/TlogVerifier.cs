using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Signing.Bundle;
using ImageGate.Signing.Internal;
using ImageGate.Signing.TrustRoot;

namespace ImageGate.Signing.Verification;

/// <summary>Checks one transparency log entry: its body against the bundle, its RFC 6962 inclusion proof against
/// a signed checkpoint, and its signed entry timestamp (SET).</summary>
internal static class TlogVerifier
{
    /// <summary>What the log entry must record.</summary>
    internal sealed record Expected(byte[] Signature, byte[] VerifierDer, bool VerifierIsCertificate, byte[]? MessageDigest,
        DsseEnvelope? Dsse);

    /// <summary>Verifies the entry; returns the log and whether the SET verified (integrated time trusted).</summary>
    public static (TransparencyLogInstance Log, bool SetVerified) Verify(TlogEntry entry, SigstoreBundle bundle, Expected expected, TrustedRoot root)
    {
        var log = root.FindTransparencyLog(entry.LogId)
            ?? throw new VerificationException(BundleReasons.TlogUnknownLog,
                $"transparency log: the entry's log ID {Convert.ToBase64String(entry.LogId)} is not a log of the trusted root ({root.Source})");
        CheckBody(entry, expected);

        if (entry.InclusionProof is null && (bundle.Version != BundleVersion.V01 || entry.SignedEntryTimestamp is null))
            throw new VerificationException(BundleReasons.TlogInclusionProofMissing,
                $"transparency log: entry {entry.LogIndex} has no inclusion proof (required for bundle {bundle.Version} and Rekor v2 entries)");
        if (entry.InclusionProof is { } proof) VerifyInclusion(entry, proof, log);

        var setVerified = false;
        if (entry.SignedEntryTimestamp is { } set)
        {
            VerifySet(entry, set, log);
            setVerified = true;
        }
        return (log, setVerified);
    }

    private static void VerifyInclusion(TlogEntry entry, InclusionProof proof, TransparencyLogInstance log)
    {
        var leaf = MerkleTree.LeafHash(entry.CanonicalizedBody);
        var computed = MerkleTree.RootFromInclusionProof(proof.LogIndex, proof.TreeSize, leaf, proof.Hashes)
            ?? throw new VerificationException(BundleReasons.TlogInclusionProof,
                $"inclusion proof: {proof.Hashes.Count} hashes do not fit leaf {proof.LogIndex} of a tree of size {proof.TreeSize}");
        if (!computed.AsSpan().SequenceEqual(proof.RootHash))
            throw new VerificationException(BundleReasons.TlogInclusionProof,
                $"inclusion proof: the root recomputed from the entry and its audit path is {Convert.ToHexStringLower(computed)}, the proof's rootHash is {Convert.ToHexStringLower(proof.RootHash)}");
        if (proof.Checkpoint is null)
            throw new VerificationException(BundleReasons.TlogCheckpointMissing, "inclusion proof: no signed checkpoint");
        var checkpoint = Checkpoint.TryParse(proof.Checkpoint, out var parseError)
            ?? throw new VerificationException(BundleReasons.TlogCheckpointMalformed, $"checkpoint: {parseError}");
        if (!checkpoint.RootHash.AsSpan().SequenceEqual(proof.RootHash))
            throw new VerificationException(BundleReasons.TlogCheckpointRootHash,
                $"checkpoint: its root hash {Convert.ToHexStringLower(checkpoint.RootHash)} differs from the inclusion proof's rootHash {Convert.ToHexStringLower(proof.RootHash)}");
        if (checkpoint.TreeSize != proof.TreeSize)
            throw new VerificationException(BundleReasons.TlogCheckpointTreeSize,
                $"checkpoint: its tree size {checkpoint.TreeSize} differs from the inclusion proof's treeSize {proof.TreeSize}");
        VerifyCheckpointSignature(checkpoint, log);
    }

    /// <summary>At least one signature line named for the checkpoint's origin, with the log's key hint, must verify
    /// with the log key; lines from other keys (witness cosignatures) are ignored.</summary>
    internal static void VerifyCheckpointSignature(Checkpoint checkpoint, TransparencyLogInstance log)
    {
        using var key = PublicKeyVerifier.FromSubjectPublicKeyInfo(log.PublicKey);
        var hints = new List<byte[]> { log.LogId[..Math.Min(4, log.LogId.Length)] };
        if (key.IsEd25519)
        {
            // C2SP signed-note key ID: SHA-256(name || 0x0A || 0x01 || key)[:4]
            var raw = key.SubjectPublicKeyInfo[^32..];
            hints.Add(SHA256.HashData([.. Encoding.UTF8.GetBytes(checkpoint.Origin), 0x0A, 0x01, .. raw])[..4]);
        }
        var candidates = checkpoint.Signatures
            .Where(s => NameMatchesOrigin(s.Name, checkpoint.Origin) && hints.Any(h => h.AsSpan().SequenceEqual(s.KeyHint)))
            .ToList();
        if (candidates.Count == 0)
            throw new VerificationException(BundleReasons.TlogCheckpointSignature,
                $"checkpoint: no signature line from origin '{checkpoint.Origin}' with the log's key hint {Convert.ToHexStringLower(hints[0])}; found {string.Join(", ", checkpoint.Signatures.Select(s => $"'{s.Name}' {Convert.ToHexStringLower(s.KeyHint)}"))}");
        foreach (var sig in candidates)
            if (key.VerifyData(checkpoint.SignedText, sig.Signature, HashAlgorithmName.SHA256))
                return;
        throw new VerificationException(BundleReasons.TlogCheckpointSignature,
            $"checkpoint: the signature of '{checkpoint.Origin}' does not verify with the log key of {log.BaseUrl}");
    }

    /// <summary>Rekor v2 signs as its origin; Rekor v1 signs as its host name, its origin being "host - treeID".</summary>
    private static bool NameMatchesOrigin(string name, string origin) =>
        name == origin || origin.StartsWith(name + " - ", StringComparison.Ordinal);

    private static void VerifySet(TlogEntry entry, byte[] set, TransparencyLogInstance log)
    {
        var payload = Encoding.UTF8.GetBytes(VerificationArtifact.Invariant(
            $"{{\"body\":\"{Convert.ToBase64String(entry.CanonicalizedBody)}\",\"integratedTime\":{entry.IntegratedTime},\"logID\":\"{Convert.ToHexStringLower(entry.LogId)}\",\"logIndex\":{entry.LogIndex}}}"));
        using var key = PublicKeyVerifier.FromSubjectPublicKeyInfo(log.PublicKey);
        if (!key.VerifyData(payload, set, HashAlgorithmName.SHA256))
            throw new VerificationException(BundleReasons.TlogSetSignature,
                $"signed entry timestamp: the SET of entry {entry.LogIndex} does not verify with the log key of {log.BaseUrl}");
    }

    private static void CheckBody(TlogEntry entry, Expected expected)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(entry.CanonicalizedBody, new JsonDocumentOptions { MaxDepth = 32 }); }
        catch (JsonException) { throw Mismatch("the canonicalized body is not JSON"); }
        using (doc)
        {
            var body = doc.RootElement;
            var kind = Get(body, "kind")?.GetString();
            var version = Get(body, "apiVersion")?.GetString();
            if (kind != entry.Kind || version != entry.KindVersion)
                throw Mismatch($"the body is {kind}/{version} but kindVersion says {entry.Kind}/{entry.KindVersion}");
            var spec = Get(body, "spec") ?? throw Mismatch("the body has no spec");
            switch ($"{kind}/{version}")
            {
                case "hashedrekord/0.0.1": HashedRekordV001(spec, expected); break;
                case "hashedrekord/0.0.2": HashedRekordV002(spec, expected); break;
                case "dsse/0.0.1": DsseV001(spec, expected); break;
                case "dsse/0.0.2": DsseV002(spec, expected); break;
                case "intoto/0.0.2": IntotoV002(spec, expected); break;
                default: throw new VerificationException(BundleReasons.TlogEntryKind, $"transparency log: unsupported entry kind {kind}/{version}");
            }
        }
    }

    private static void HashedRekordV001(JsonElement spec, Expected expected)
    {
        if (expected.Dsse is not null) throw Mismatch("a DSSE bundle cannot be logged as hashedrekord/0.0.1");
        var hash = Path(spec, "data", "hash");
        var alg = Path(hash, "algorithm").GetString();
        if (alg != "sha256") throw Mismatch($"hash algorithm '{alg}' is not sha256");
        var value = Path(hash, "value").GetString() ?? "";
        var digest = expected.MessageDigest!;
        if (!string.Equals(value, Convert.ToHexStringLower(digest), StringComparison.OrdinalIgnoreCase))
            throw Mismatch($"the logged digest is {value}, the artifact's is {Convert.ToHexStringLower(digest)}");
        CompareSignature(B64(Path(spec, "signature", "content")), expected);
        CompareVerifierPem(B64(Path(spec, "signature", "publicKey", "content")), expected);
    }

    private static void HashedRekordV002(JsonElement spec, Expected expected)
    {
        var inner = Path(spec, "hashedRekordV002");
        var data = Path(inner, "data");
        var alg = Path(data, "algorithm").GetString();
        if (alg != "SHA2_256") throw Mismatch($"hash algorithm '{alg}' is not SHA2_256");
        var logged = B64(Path(data, "digest"));
        var digest = expected.Dsse is { } env ? SHA256.HashData(env.Pae()) : expected.MessageDigest!;
        if (!logged.AsSpan().SequenceEqual(digest))
            throw Mismatch($"the logged digest is {Convert.ToHexStringLower(logged)}, the {(expected.Dsse is null ? "artifact's" : "DSSE envelope's PAE")} is {Convert.ToHexStringLower(digest)}");
        var signature = Path(inner, "signature");
        CompareSignature(B64(Path(signature, "content")), expected);
        CompareVerifierV2(Path(signature, "verifier"), expected);
    }

    private static void DsseV001(JsonElement spec, Expected expected)
    {
        var env = expected.Dsse ?? throw Mismatch("a dsse entry needs a DSSE bundle");
        if (Get(spec, "proposedContent") is { } proposed)
        {
            DsseProposed(proposed, env, expected);
            return;
        }
        var payloadHash = Path(spec, "payloadHash");
        if (Path(payloadHash, "algorithm").GetString() != "sha256") throw Mismatch("payload hash algorithm is not sha256");
        var value = Path(payloadHash, "value").GetString() ?? "";
        var actual = Convert.ToHexStringLower(SHA256.HashData(env.Payload));
        if (!string.Equals(value, actual, StringComparison.OrdinalIgnoreCase))
            throw Mismatch($"the logged payload hash is {value}, the envelope payload's is {actual}");
        var sigs = Path(spec, "signatures").EnumerateArray().ToList();
        if (sigs.Count != 1) throw Mismatch($"the entry records {sigs.Count} signatures, the envelope has 1");
        CompareSignature(B64(Path(sigs[0], "signature")), expected);
        CompareVerifierPem(B64(Path(sigs[0], "verifier")), expected);
    }

    /// <summary>A body that holds the whole proposed envelope (what @sigstore/mock logs instead of Rekor's hashes):
    /// the logged envelope must equal the bundle's byte for byte, which is at least as strong as comparing hashes.</summary>
    private static void DsseProposed(JsonElement proposed, DsseEnvelope env, Expected expected)
    {
        var envelopeText = Path(proposed, "envelope").GetString() ?? throw Mismatch("the logged envelope is not a string");
        using var logged = JsonDocument.Parse(envelopeText);
        var e = logged.RootElement;
        if (Get(e, "payloadType")?.GetString() != env.PayloadType) throw Mismatch("the logged payload type differs from the envelope's");
        if (!B64(Get(e, "payload")).AsSpan().SequenceEqual(env.Payload)) throw Mismatch("the logged payload differs from the envelope's");
        var sigs = Path(e, "signatures").EnumerateArray().ToList();
        if (sigs.Count != 1) throw Mismatch($"the entry records {sigs.Count} signatures, the envelope has 1");
        CompareSignature(B64(Get(sigs[0], "sig")), expected);
        var verifiers = Path(proposed, "verifiers").EnumerateArray().ToList();
        if (verifiers.Count != 1) throw Mismatch($"the entry records {verifiers.Count} verifiers, expected 1");
        CompareVerifierPem(B64(verifiers[0]), expected);
    }

    private static void DsseV002(JsonElement spec, Expected expected)
    {
        var env = expected.Dsse ?? throw Mismatch("a dsse entry needs a DSSE bundle");
        var inner = Path(spec, "dsseV002");
        var payloadHash = Path(inner, "payloadHash");
        if (Path(payloadHash, "algorithm").GetString() != "SHA2_256") throw Mismatch("payload hash algorithm is not SHA2_256");
        if (!B64(Path(payloadHash, "digest")).AsSpan().SequenceEqual(SHA256.HashData(env.Payload)))
            throw Mismatch("the logged payload hash differs from the envelope payload's");
        var sigs = Path(inner, "signatures").EnumerateArray().ToList();
        if (sigs.Count != 1) throw Mismatch($"the entry records {sigs.Count} signatures, the envelope has 1");
        CompareSignature(B64(Path(sigs[0], "content")), expected);
        CompareVerifierV2(Path(sigs[0], "verifier"), expected);
    }

    private static void IntotoV002(JsonElement spec, Expected expected)
    {
        var env = expected.Dsse ?? throw Mismatch("an intoto entry needs a DSSE bundle");
        var content = Path(spec, "content");
        var payloadHash = Path(content, "payloadHash");
        if (Path(payloadHash, "algorithm").GetString() != "sha256") throw Mismatch("payload hash algorithm is not sha256");
        var value = Path(payloadHash, "value").GetString() ?? "";
        var actual = Convert.ToHexStringLower(SHA256.HashData(env.Payload));
        if (!string.Equals(value, actual, StringComparison.OrdinalIgnoreCase))
            throw Mismatch($"the logged payload hash is {value}, the envelope payload's is {actual}");
        var envelope = Path(content, "envelope");
        if (Get(envelope, "payloadType")?.GetString() is { } pt && pt != env.PayloadType)
            throw Mismatch($"the logged payload type is {pt}, the envelope's is {env.PayloadType}");
        var sigs = Path(envelope, "signatures").EnumerateArray().ToList();
        if (sigs.Count != 1) throw Mismatch($"the entry records {sigs.Count} signatures, the envelope has 1");
        // intoto/0.0.2 stores the envelope's base64 strings base64-encoded once more
        var sigText = Encoding.ASCII.GetString(B64(Path(sigs[0], "sig")));
        byte[] sig;
        try { sig = Convert.FromBase64String(sigText); }
        catch (FormatException) { throw Mismatch("the logged signature is not base64"); }
        CompareSignature(sig, expected);
        CompareVerifierPem(B64(Path(sigs[0], "publicKey")), expected);
    }

    private static void CompareSignature(byte[] logged, Expected expected)
    {
        if (!logged.AsSpan().SequenceEqual(expected.Signature))
            throw Mismatch("the logged signature differs from the bundle's signature");
    }

    private static void CompareVerifierPem(byte[] pemBytes, Expected expected)
    {
        var label = expected.VerifierIsCertificate ? "CERTIFICATE" : "PUBLIC KEY";
        var der = Pem.Decode(pemBytes, label)
            ?? throw Mismatch($"the logged verifier is not a PEM {label.ToLowerInvariant()}");
        if (!der.AsSpan().SequenceEqual(expected.VerifierDer))
            throw Mismatch($"the logged {(expected.VerifierIsCertificate ? "certificate" : "public key")} differs from the bundle's");
    }

    private static void CompareVerifierV2(JsonElement verifier, Expected expected)
    {
        byte[] der;
        if (expected.VerifierIsCertificate)
            der = B64(Get(Get(verifier, "x509Certificate") ?? throw Mismatch("the logged verifier is not a certificate"), "rawBytes")
                ?? throw Mismatch("the logged certificate has no rawBytes"));
        else
            der = B64(Get(Get(verifier, "publicKey") ?? throw Mismatch("the logged verifier is not a public key"), "rawBytes")
                ?? throw Mismatch("the logged public key has no rawBytes"));
        if (!der.AsSpan().SequenceEqual(expected.VerifierDer))
            throw Mismatch($"the logged {(expected.VerifierIsCertificate ? "certificate" : "public key")} differs from the bundle's");
    }

    private static JsonElement? Get(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : null;

    private static JsonElement Path(JsonElement e, params string[] names)
    {
        foreach (var n in names) e = Get(e, n) ?? throw Mismatch($"the body has no '{n}'");
        return e;
    }

    private static byte[] B64(JsonElement? e)
    {
        if (e is not { ValueKind: JsonValueKind.String } s) throw Mismatch("a body field is not a string");
        try { return Convert.FromBase64String(s.GetString()!); }
        catch (FormatException) { throw Mismatch("a body field is not base64"); }
    }

    private static VerificationException Mismatch(string message) =>
        new(BundleReasons.TlogEntryMismatch, "transparency log entry does not match the bundle: " + message);
}
