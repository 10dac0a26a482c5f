using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using ImageGate.Signing.TrustRoot;

namespace ImageGate.Signing.Verification;

/// <summary>Verifies RFC 3161 timestamps over a signature against the timestamp authorities of the trusted root.</summary>
internal static class TimestampVerifier
{
    /// <summary>The verified time of <paramref name="signedTimestamp"/> (a DER TimeStampResp or bare token) over
    /// <paramref name="signature"/>, or null with the reason in <paramref name="error"/>.</summary>
    public static DateTimeOffset? Verify(byte[] signedTimestamp, byte[] signature, TrustedRoot root, out string error)
    {
        byte[] tokenBytes;
        try { tokenBytes = TokenBytes(signedTimestamp); }
        catch (Exception ex) when (ex is AsnContentException or CryptographicException) { error = $"the timestamp is not DER: {ex.Message}"; return null; }
        if (!Rfc3161TimestampToken.TryDecode(tokenBytes, out var token, out _) || token is null)
        { error = "the timestamp is not an RFC 3161 token"; return null; }
        var time = token.TokenInfo.Timestamp;
        if (root.TimestampAuthorities.Count == 0) { error = "the trusted root has no timestamp authority"; return null; }
        var reasons = new List<string>();
        foreach (var tsa in root.TimestampAuthorities)
        {
            X509Certificate2? signer;
            try
            {
                var candidates = new X509Certificate2Collection();
                foreach (var c in tsa.Chain) candidates.Add(c);
                if (!token.VerifySignatureForData(signature, out signer, candidates) || signer is null)
                { reasons.Add($"{tsa.Uri}: the token's signature or message imprint does not verify"); continue; }
            }
            catch (CryptographicException ex) { reasons.Add($"{tsa.Uri}: {ex.Message}"); continue; }
            if (!tsa.ValidFor.Contains(time)) { reasons.Add($"{tsa.Uri}: time {time:u} is outside the authority's validity {tsa.ValidFor}"); continue; }
            if (!ChainVerifier.TryVerify(signer, tsa, time, ChainVerifier.TimeStamping, out _, out var chainError))
            { reasons.Add($"{tsa.Uri}: the signing certificate does not chain to the authority at {time:u}: {chainError}"); continue; }
            error = "";
            return time;
        }
        error = string.Join("; ", reasons);
        return null;
    }

    private static byte[] TokenBytes(byte[] der)
    {
        var outer = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
        if (outer.PeekTag() == Asn1Tag.ObjectIdentifier) return der; // a bare ContentInfo
        var status = outer.ReadSequence();
        if (!status.TryReadInt32(out var code) || code is not (0 or 1))
            throw new CryptographicException($"the timestamp response status is {code}, not granted");
        if (!outer.HasData) throw new CryptographicException("the timestamp response holds no token");
        return outer.ReadEncodedValue().ToArray();
    }
}
