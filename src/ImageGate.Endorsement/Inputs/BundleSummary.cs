using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace ImageGate.Endorsement.Inputs;

/// <summary>What a reviewer needs from an image's Sigstore bundle: who signed and where it is logged.
/// Read defensively; verifying the bundle is ImageGate.Signing's job.</summary>
public sealed record BundleSummary
{
    /// <summary>The certificate's subject alternative name (workflow URI or e-mail), for keyless bundles.</summary>
    public string? SignerIdentity { get; init; }

    /// <summary>The OIDC issuer recorded in the Fulcio certificate.</summary>
    public string? SignerIssuer { get; init; }

    /// <summary>The public key hint, for key-signed bundles.</summary>
    public string? PublicKeyHint { get; init; }

    /// <summary>The Rekor log index of the first transparency-log entry.</summary>
    public long? RekorLogIndex { get; init; }

    /// <summary>The Rekor entry's integrated time.</summary>
    public DateTimeOffset? RekorIntegratedTime { get; init; }

    /// <summary>The signed message digest (lower-case hex) with its algorithm, when the bundle holds one.</summary>
    public string? MessageDigest { get; init; }

    /// <summary>The media type.</summary>
    public string? MediaType { get; init; }

    /// <summary>Reads a bundle's bytes.</summary>
    public static BundleSummary Parse(ReadOnlyMemory<byte> json, string path)
    {
        using var doc = JsonFields.Parse(json, path, "Sigstore bundle");
        var root = doc.RootElement;
        var vm = JsonFields.Get(root, "verificationMaterial")
            ?? throw new Core.Errors.BadInputException("the Sigstore bundle has no 'verificationMaterial'", path);
        var certB64 = JsonFields.String(vm, "certificate", "rawBytes")
            ?? JsonFields.Array(vm, "x509CertificateChain", "certificates").Select(c => JsonFields.String(c, "rawBytes")).FirstOrDefault();
        string? identity = null, issuer = null;
        if (certB64 is not null)
        {
            try
            {
                using var cert = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certB64));
                (identity, issuer) = ReadIdentity(cert);
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException or AsnContentException)
            {
                throw new Core.Errors.BadInputException($"the bundle's certificate cannot be read: {ex.Message}", path, ex);
            }
        }
        var tlog = JsonFields.Array(vm, "tlogEntries").FirstOrDefault();
        long? logIndex = null;
        DateTimeOffset? integrated = null;
        if (tlog.ValueKind == JsonValueKind.Object)
        {
            logIndex = long.TryParse(JsonFields.String(tlog, "logIndex"), out var li) ? li : JsonFields.Long(tlog, "logIndex");
            var it = long.TryParse(JsonFields.String(tlog, "integratedTime"), out var t) ? t : JsonFields.Long(tlog, "integratedTime");
            if (it is { } seconds && seconds > 0 && seconds < 253402300799) integrated = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        string? digest = null;
        var digestB64 = JsonFields.String(root, "messageSignature", "messageDigest", "digest");
        if (digestB64 is not null)
        {
            try { digest = Convert.ToHexStringLower(Convert.FromBase64String(digestB64)); }
            catch (FormatException ex) { throw new Core.Errors.BadInputException("the bundle's message digest is not base64", path, ex); }
        }
        return new BundleSummary
        {
            MediaType = JsonFields.String(root, "mediaType"),
            SignerIdentity = identity,
            SignerIssuer = issuer,
            PublicKeyHint = JsonFields.String(vm, "publicKey", "hint"),
            RekorLogIndex = logIndex,
            RekorIntegratedTime = integrated,
            MessageDigest = digest,
        };
    }

    private static (string? Identity, string? Issuer) ReadIdentity(X509Certificate2 cert)
    {
        string? identity = null, issuer = null;
        foreach (var ext in cert.Extensions)
        {
            if (ext.Oid?.Value == "2.5.29.17")
            {
                identity ??= ReadGeneralName(ext.RawData, 6) ?? ReadGeneralName(ext.RawData, 1);
            }
            else if (ext.Oid?.Value == "1.3.6.1.4.1.57264.1.8")
            {
                issuer = new AsnReader(ext.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String);
            }
            else if (ext.Oid?.Value == "1.3.6.1.4.1.57264.1.1" && issuer is null)
            {
                issuer = System.Text.Encoding.UTF8.GetString(ext.RawData);
            }
        }
        return (identity, issuer);
    }

    private static string? ReadGeneralName(byte[] san, int tagNumber)
    {
        var seq = new AsnReader(san, AsnEncodingRules.DER).ReadSequence();
        while (seq.HasData)
        {
            var tag = seq.PeekTag();
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == tagNumber)
                return seq.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, tagNumber));
            seq.ReadEncodedValue();
        }
        return null;
    }
}
