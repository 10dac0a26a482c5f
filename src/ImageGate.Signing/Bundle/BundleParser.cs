using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Signing.Verification;

namespace ImageGate.Signing.Bundle;

/// <summary>Reads Sigstore bundle JSON into <see cref="SigstoreBundle"/>, rejecting unknown media types and
/// malformed fields with a <see cref="VerificationException"/> naming the field.</summary>
internal static class BundleParser
{
    /// <summary>The largest bundle accepted (hostile input must stay bounded).</summary>
    public const int MaxBundleBytes = 16 * 1024 * 1024;

    public static SigstoreBundle Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxBundleBytes) throw Fail($"the bundle is larger than {MaxBundleBytes} bytes");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (JsonException ex) { throw Fail($"the bundle is not valid JSON: {ex.Message}"); }
        using (doc)
        {
            try { return Parse(doc.RootElement); }
            catch (FormatException ex) { throw Fail($"a field is not valid base64 or a number: {ex.Message}"); }
            catch (CryptographicException ex) { throw Fail($"a certificate in the bundle cannot be read: {ex.Message}"); }
            catch (InvalidOperationException ex) { throw Fail(ex.Message); }
        }
    }

    private static SigstoreBundle Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw Fail("the bundle is not a JSON object");
        var mediaType = Str(root, "mediaType", "mediaType");
        var version = mediaType switch
        {
            "application/vnd.dev.sigstore.bundle+json;version=0.1" => BundleVersion.V01,
            "application/vnd.dev.sigstore.bundle+json;version=0.2" => BundleVersion.V02,
            "application/vnd.dev.sigstore.bundle+json;version=0.3" or "application/vnd.dev.sigstore.bundle.v0.3+json" => BundleVersion.V03,
            _ => throw new VerificationException(BundleReasons.BundleMediaType,
                $"bundle media type: expected application/vnd.dev.sigstore.bundle(.v0.3)+json with version 0.1, 0.2 or 0.3, found '{mediaType}'"),
        };

        var vm = Obj(root, "verificationMaterial", "verificationMaterial");
        X509Certificate2? leaf = null;
        var extra = new List<X509Certificate2>();
        string? hint = null;
        if (vm.TryGetProperty("certificate", out var cert))
        {
            leaf = X509CertificateLoader.LoadCertificate(B64(cert, "rawBytes", "verificationMaterial.certificate.rawBytes"));
        }
        else if (vm.TryGetProperty("x509CertificateChain", out var chain))
        {
            var certs = Arr(chain, "certificates").ToList();
            if (certs.Count == 0) throw Fail("verificationMaterial.x509CertificateChain holds no certificate");
            leaf = X509CertificateLoader.LoadCertificate(B64(certs[0], "rawBytes", "x509CertificateChain.certificates[0].rawBytes"));
            foreach (var c in certs.Skip(1))
                extra.Add(X509CertificateLoader.LoadCertificate(B64(c, "rawBytes", "x509CertificateChain.certificates[].rawBytes")));
        }
        else if (vm.TryGetProperty("publicKey", out var pk))
        {
            hint = pk.TryGetProperty("hint", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : "";
        }
        else throw Fail("verificationMaterial has no certificate, certificate chain or public key");

        var entries = Arr(vm, "tlogEntries").Select((e, i) => ParseEntry(e, $"tlogEntries[{i}]")).ToList();
        var timestamps = new List<byte[]>();
        if (vm.TryGetProperty("timestampVerificationData", out var tvd) && tvd.ValueKind == JsonValueKind.Object)
            foreach (var t in Arr(tvd, "rfc3161Timestamps"))
                timestamps.Add(B64(t, "signedTimestamp", "rfc3161Timestamps[].signedTimestamp"));

        MessageSignature? message = null;
        DsseEnvelope? dsse = null;
        if (root.TryGetProperty("messageSignature", out var ms) && ms.ValueKind == JsonValueKind.Object)
        {
            string? alg = null;
            byte[]? digest = null;
            if (ms.TryGetProperty("messageDigest", out var md) && md.ValueKind == JsonValueKind.Object)
            {
                alg = md.TryGetProperty("algorithm", out var a) ? a.GetString() : null;
                digest = B64(md, "digest", "messageSignature.messageDigest.digest");
            }
            message = new MessageSignature(alg, digest, B64(ms, "signature", "messageSignature.signature"));
        }
        else if (root.TryGetProperty("dsseEnvelope", out var env) && env.ValueKind == JsonValueKind.Object)
        {
            var sigs = Arr(env, "signatures").ToList();
            if (sigs.Count != 1) throw Fail($"dsseEnvelope: expected exactly one signature, found {sigs.Count}");
            dsse = new DsseEnvelope(Str(env, "payloadType", "dsseEnvelope.payloadType"), B64(env, "payload", "dsseEnvelope.payload"),
                B64(sigs[0], "sig", "dsseEnvelope.signatures[0].sig"));
        }
        else throw Fail("the bundle has neither messageSignature nor dsseEnvelope");

        return new SigstoreBundle(mediaType, version, leaf, extra, hint, entries, timestamps, message, dsse);
    }

    private static TlogEntry ParseEntry(JsonElement e, string where)
    {
        var index = e.TryGetProperty("logIndex", out _) ? Int(e, "logIndex", where) : 0; // protobuf JSON omits zero
        if (index < 0) throw Fail($"{where}.logIndex is negative ({index})");
        var logId = B64(Obj(e, "logId", where + ".logId"), "keyId", where + ".logId.keyId");
        var kv = Obj(e, "kindVersion", where + ".kindVersion");
        var integrated = e.TryGetProperty("integratedTime", out _) ? Int(e, "integratedTime", where) : 0;
        if (integrated < 0) throw Fail($"{where}.integratedTime is negative");
        byte[]? set = null;
        if (e.TryGetProperty("inclusionPromise", out var promise) && promise.ValueKind == JsonValueKind.Object)
            set = B64(promise, "signedEntryTimestamp", where + ".inclusionPromise.signedEntryTimestamp");
        InclusionProof? proof = null;
        if (e.TryGetProperty("inclusionProof", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            var pIndex = p.TryGetProperty("logIndex", out _) ? Int(p, "logIndex", where + ".inclusionProof") : 0;
            var size = Int(p, "treeSize", where + ".inclusionProof");
            if (pIndex < 0 || size <= 0 || pIndex >= size)
                throw Fail($"{where}.inclusionProof: log index {pIndex} is outside a tree of size {size}");
            var hashes = Arr(p, "hashes").Select(h => Convert.FromBase64String(h.GetString() ?? "")).ToList();
            if (hashes.Count > 64) throw Fail($"{where}.inclusionProof has {hashes.Count} hashes (at most 64)");
            string? checkpoint = p.TryGetProperty("checkpoint", out var cp) && cp.ValueKind == JsonValueKind.Object
                && cp.TryGetProperty("envelope", out var envl) ? envl.GetString() : null;
            proof = new InclusionProof(pIndex, B64(p, "rootHash", where + ".inclusionProof.rootHash"), size, hashes, checkpoint);
        }
        return new TlogEntry(index, logId, Str(kv, "kind", where + ".kindVersion.kind"), Str(kv, "version", where + ".kindVersion.version"),
            integrated, set, proof, B64(e, "canonicalizedBody", where + ".canonicalizedBody"));
    }

    private static VerificationException Fail(string message) => new(BundleReasons.BundleMalformed, "bundle format: " + message);

    private static JsonElement Obj(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var o) && o.ValueKind == JsonValueKind.Object ? o : throw Fail($"missing object {where}");

    private static string Str(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : throw Fail($"missing string {where}");

    private static byte[] B64(JsonElement e, string name, string where)
    {
        var s = Str(e, name, where);
        try { return Convert.FromBase64String(s); }
        catch (FormatException) { throw Fail($"{where} is not valid base64"); }
    }

    private static long Int(JsonElement e, string name, string where)
    {
        if (!e.TryGetProperty(name, out var v)) throw Fail($"missing {where}.{name}");
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
        if (v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n)) return n;
        throw Fail($"{where}.{name} is not an integer");
    }

    private static IEnumerable<JsonElement> Arr(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : [];
}
