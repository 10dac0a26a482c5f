using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageGate.Core.Errors;
using ImageGate.Signing.Internal;
using ImageGate.Signing.Keys;

namespace ImageGate.Signing.Keyless;

/// <summary>Fulcio v2 <c>signingCert</c>: an ephemeral key's certificate for an OIDC identity, with proof of possession.</summary>
internal static class FulcioClient
{
    public static async Task<X509Certificate2> RequestCertificateAsync(HttpClient http, Uri fulcio, IdentityToken token, SigningKey key, CancellationToken ct)
    {
        var proof = key.SignData(Encoding.UTF8.GetBytes(token.ProofSubject));
        var request = new JsonObject
        {
            ["credentials"] = new JsonObject { ["oidcIdentityToken"] = token.Raw },
            ["publicKeyRequest"] = new JsonObject
            {
                ["publicKey"] = new JsonObject { ["algorithm"] = "ECDSA", ["content"] = key.PublicKeyPem },
                ["proofOfPossession"] = Convert.ToBase64String(proof),
            },
        }.ToJsonString();
        var body = await SigstoreHttp.PostAsync(http, "Fulcio", new Uri(fulcio, "api/v2/signingCert"), request, "application/json", ct).ConfigureAwait(false);
        try
        {
            var doc = JsonNode.Parse(body)!;
            var chain = doc["signedCertificateEmbeddedSct"]?["chain"]?["certificates"]?.AsArray()
                ?? throw new ExternalToolException("Fulcio", doc["signedCertificateDetachedSct"] is not null
                    ? "the certificate came with a detached SCT; ImageGate needs Fulcio to embed the SCT"
                    : "the response has no certificate chain");
            var leafPem = (string?)chain[0] ?? throw new ExternalToolException("Fulcio", "the chain is empty");
            var der = Pem.Decode(leafPem, "CERTIFICATE") ?? throw new ExternalToolException("Fulcio", "the leaf is not a PEM certificate");
            var cert = X509CertificateLoader.LoadCertificate(der);
            if (!cert.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.PublicKeyDer))
                throw new ExternalToolException("Fulcio", "the certificate is not for the ephemeral key that was sent");
            return cert;
        }
        catch (Exception ex) when (ex is JsonException or CryptographicException or InvalidOperationException or FormatException)
        {
            throw new ExternalToolException("Fulcio", $"the response cannot be read: {ex.Message}");
        }
    }
}

/// <summary>Rekor v1: uploads a <c>hashedrekord</c> entry and turns the answer into a bundle tlog entry.</summary>
internal static class RekorClient
{
    public static async Task<JsonObject> UploadHashedRekordAsync(HttpClient http, Uri rekor, byte[] sha256, byte[] signature, string verifierPem, CancellationToken ct)
    {
        var proposed = new JsonObject
        {
            ["apiVersion"] = "0.0.1",
            ["kind"] = "hashedrekord",
            ["spec"] = new JsonObject
            {
                ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(sha256) } },
                ["signature"] = new JsonObject
                {
                    ["content"] = Convert.ToBase64String(signature),
                    ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(verifierPem)) },
                },
            },
        }.ToJsonString();
        var body = await SigstoreHttp.PostAsync(http, "Rekor", new Uri(rekor, "api/v1/log/entries"), proposed, "application/json", ct).ConfigureAwait(false);
        try { return ToBundleEntry(JsonNode.Parse(body)!.AsObject()); }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new ExternalToolException("Rekor", $"the log entry response cannot be read: {ex.Message}");
        }
    }

    /// <summary>Rekor v1's <c>{uuid: LogEntry}</c> as a bundle <c>TransparencyLogEntry</c>.</summary>
    internal static JsonObject ToBundleEntry(JsonObject response)
    {
        var entry = response.Single().Value!.AsObject();
        var bodyB64 = (string)entry["body"]!;
        var body = JsonNode.Parse(Convert.FromBase64String(bodyB64))!;
        var verification = entry["verification"]!.AsObject();
        var result = new JsonObject
        {
            ["logIndex"] = ((long)entry["logIndex"]!).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(Convert.FromHexString((string)entry["logID"]!)) },
            ["kindVersion"] = new JsonObject { ["kind"] = (string)body["kind"]!, ["version"] = (string)body["apiVersion"]! },
            ["integratedTime"] = ((long)entry["integratedTime"]!).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["inclusionPromise"] = new JsonObject { ["signedEntryTimestamp"] = (string)verification["signedEntryTimestamp"]! },
        };
        if (verification["inclusionProof"] is JsonObject proof)
        {
            result["inclusionProof"] = new JsonObject
            {
                ["logIndex"] = ((long)proof["logIndex"]!).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["rootHash"] = Convert.ToBase64String(Convert.FromHexString((string)proof["rootHash"]!)),
                ["treeSize"] = ((long)proof["treeSize"]!).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["hashes"] = new JsonArray(proof["hashes"]!.AsArray().Select(h => (JsonNode)JsonValue.Create(Convert.ToBase64String(Convert.FromHexString((string)h!)))!).ToArray()),
                ["checkpoint"] = new JsonObject { ["envelope"] = (string)proof["checkpoint"]! },
            };
        }
        result["canonicalizedBody"] = bodyB64;
        return result;
    }
}

/// <summary>An RFC 3161 timestamp over a signature from a Sigstore timestamp authority (JSON request).</summary>
internal static class TimestampClient
{
    public static async Task<byte[]> TimestampAsync(HttpClient http, Uri tsa, byte[] signature, CancellationToken ct)
    {
        var request = new JsonObject
        {
            ["artifactHash"] = Convert.ToBase64String(SHA256.HashData(signature)),
            ["hashAlgorithm"] = "sha256",
            ["certificates"] = true,
            ["nonce"] = RandomNumberGenerator.GetInt32(1, int.MaxValue),
        }.ToJsonString();
        return await SigstoreHttp.PostAsync(http, "timestamp authority", tsa, request, "application/timestamp-reply", ct).ConfigureAwait(false);
    }
}
