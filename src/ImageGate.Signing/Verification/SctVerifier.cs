using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ImageGate.Signing.Internal;
using ImageGate.Signing.TrustRoot;

namespace ImageGate.Signing.Verification;

/// <summary>Verifies the embedded signed certificate timestamps (RFC 6962 §3.2, precertificate entries) of a
/// Fulcio leaf against the CT logs of the trusted root.</summary>
internal static class SctVerifier
{
    /// <summary>The number of SCTs that verify against a CT log in <paramref name="root"/>; <paramref name="problems"/>
    /// collects why the others did not.</summary>
    public static int CountVerified(X509Certificate2 leaf, X509Certificate2 issuer, TrustedRoot root, List<string> problems)
    {
        var ext = leaf.Extensions[FulcioCertificate.SctList];
        if (ext is null) { problems.Add("the certificate has no embedded SCT"); return 0; }
        byte[] list;
        try { list = new AsnReader(ext.RawData, AsnEncodingRules.DER).ReadOctetString(); }
        catch (AsnContentException) { problems.Add("the SCT extension is not an OCTET STRING"); return 0; }

        var tbs = PrecertificateTbs(leaf);
        var issuerKeyHash = SHA256.HashData(issuer.PublicKey.ExportSubjectPublicKeyInfo());
        var span = list.AsSpan();
        if (span.Length < 2) { problems.Add("the SCT list is truncated"); return 0; }
        int total = BinaryPrimitives.ReadUInt16BigEndian(span);
        span = span[2..];
        if (total != span.Length) { problems.Add("the SCT list length is inconsistent"); return 0; }
        var verified = 0;
        while (span.Length > 0)
        {
            if (span.Length < 2) { problems.Add("an SCT is truncated"); break; }
            int len = BinaryPrimitives.ReadUInt16BigEndian(span);
            if (span.Length < 2 + len) { problems.Add("an SCT is truncated"); break; }
            if (VerifyOne(span.Slice(2, len), tbs, issuerKeyHash, root, problems)) verified++;
            span = span[(2 + len)..];
        }
        return verified;
    }

    private static bool VerifyOne(ReadOnlySpan<byte> sct, byte[] tbs, byte[] issuerKeyHash, TrustedRoot root, List<string> problems)
    {
        // version(1) logID(32) timestamp(8) extensions(2+n) hashAlg(1) sigAlg(1) signature(2+n)
        if (sct.Length < 1 + 32 + 8 + 2) { problems.Add("an SCT is too short"); return false; }
        if (sct[0] != 0) { problems.Add($"SCT version {sct[0]} is not v1"); return false; }
        var logId = sct.Slice(1, 32).ToArray();
        var timestamp = BinaryPrimitives.ReadUInt64BigEndian(sct.Slice(33, 8));
        int extLen = BinaryPrimitives.ReadUInt16BigEndian(sct.Slice(41, 2));
        if (sct.Length < 43 + extLen + 4) { problems.Add("an SCT is truncated"); return false; }
        var extensions = sct.Slice(43, extLen);
        var rest = sct[(43 + extLen)..];
        int sigLen = BinaryPrimitives.ReadUInt16BigEndian(rest.Slice(2, 2));
        if (rest.Length != 4 + sigLen) { problems.Add("an SCT signature has the wrong length"); return false; }
        var signature = rest.Slice(4, sigLen);

        var log = root.CertificateTransparencyLogs.FirstOrDefault(l => l.LogId.AsSpan().SequenceEqual(logId));
        if (log is null) { problems.Add($"SCT from CT log {Convert.ToBase64String(logId)}, which is not in the trusted root"); return false; }
        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(timestamp, long.MaxValue / 2));
        if (!log.IsValidAt(time)) { problems.Add($"SCT time {time:u} is outside the CT log key's validity {log.ValidFor}"); return false; }

        var signed = new List<byte>(tbs.Length + 64) { 0, 0 };
        Span<byte> ts = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(ts, timestamp);
        signed.AddRange(ts.ToArray());
        signed.AddRange([0, 1]); // precert_entry
        signed.AddRange(issuerKeyHash);
        signed.AddRange([(byte)(tbs.Length >> 16), (byte)(tbs.Length >> 8), (byte)tbs.Length]);
        signed.AddRange(tbs);
        signed.AddRange([(byte)(extensions.Length >> 8), (byte)extensions.Length]);
        signed.AddRange(extensions.ToArray());
        try
        {
            using var key = PublicKeyVerifier.FromSubjectPublicKeyInfo(log.PublicKey);
            if (key.VerifyData(signed.ToArray(), signature, HashAlgorithmName.SHA256)) return true;
        }
        catch (CryptographicException ex) { problems.Add($"CT log key unusable: {ex.Message}"); return false; }
        problems.Add($"the SCT signature of CT log {Convert.ToBase64String(logId)} does not verify");
        return false;
    }

    /// <summary>The leaf's TBSCertificate with the SCT list extension removed (what the CT log signed).</summary>
    internal static byte[] PrecertificateTbs(X509Certificate2 leaf)
    {
        var cert = new AsnReader(leaf.RawData, AsnEncodingRules.DER).ReadSequence();
        var tbs = cert.ReadSequence();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            var extTag = new Asn1Tag(TagClass.ContextSpecific, 3, true);
            while (tbs.HasData)
            {
                if (tbs.PeekTag() == extTag)
                {
                    var explicitExt = tbs.ReadSequence(extTag);
                    var exts = explicitExt.ReadSequence();
                    using (writer.PushSequence(extTag))
                    using (writer.PushSequence())
                    {
                        while (exts.HasData)
                        {
                            var encoded = exts.ReadEncodedValue();
                            var oid = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence().ReadObjectIdentifier();
                            if (oid != FulcioCertificate.SctList) writer.WriteEncodedValue(encoded.Span);
                        }
                    }
                }
                else writer.WriteEncodedValue(tbs.ReadEncodedValue().Span);
            }
        }
        return writer.Encode();
    }
}
