using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageGate.Signing.Bundle;

/// <summary>Writes v0.3 bundles (<c>application/vnd.dev.sigstore.bundle.v0.3+json</c>) for message signatures.</summary>
internal static class BundleWriter
{
    public const string MediaType = "application/vnd.dev.sigstore.bundle.v0.3+json";

    public static string Write(X509Certificate2? certificate, string? publicKeyHint, IReadOnlyList<JsonObject> tlogEntries,
        IReadOnlyList<byte[]> timestamps, byte[] sha256, byte[] signature)
    {
        var material = new JsonObject();
        if (certificate is not null) material["certificate"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(certificate.RawData) };
        else material["publicKey"] = new JsonObject { ["hint"] = publicKeyHint ?? "" };
        material["tlogEntries"] = new JsonArray(tlogEntries.Select(e => (JsonNode)e.DeepClone()).ToArray());
        var ts = new JsonObject();
        if (timestamps.Count > 0)
            ts["rfc3161Timestamps"] = new JsonArray(timestamps.Select(t => (JsonNode)new JsonObject { ["signedTimestamp"] = Convert.ToBase64String(t) }).ToArray());
        material["timestampVerificationData"] = ts;
        var bundle = new JsonObject
        {
            ["mediaType"] = MediaType,
            ["verificationMaterial"] = material,
            ["messageSignature"] = new JsonObject
            {
                ["messageDigest"] = new JsonObject { ["algorithm"] = "SHA2_256", ["digest"] = Convert.ToBase64String(sha256) },
                ["signature"] = Convert.ToBase64String(signature),
            },
        };
        return bundle.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
