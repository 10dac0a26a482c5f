using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ImageGate.Lists.Hepix;

/// <summary>Whether certificates may sign S/MIME, by the rules <c>openssl smime -verify</c> applies for its default
/// purpose <c>smimesign</c> (and so atrope and vmcatcher, which run it): the publisher refuses a signer these rules
/// reject, and the site side rejects a list signed by one.</summary>
/// <remarks>Signer: a key usage, when present, allows <c>digitalSignature</c> or <c>nonRepudiation</c>; an extended key
/// usage, when present, lists <c>emailProtection</c> (1.3.6.1.5.5.7.3.4) — OpenSSL 3 does not take
/// <c>anyExtendedKeyUsage</c> alone for it; a Netscape certificate type, when present, allows S/MIME or SSL client.
/// Every CA certificate of the chain: an extended key usage, when present, lists <c>emailProtection</c>; a key usage,
/// when present, allows <c>keyCertSign</c>.</remarks>
public static class SmimeSigningPurpose
{
    /// <summary>The extended key usage <c>emailProtection</c>.</summary>
    public const string EmailProtection = "1.3.6.1.5.5.7.3.4";

    private const string NetscapeCertType = "2.16.840.1.113730.1.1";
    private const byte NetscapeSslClient = 0x80;
    private const byte NetscapeSmime = 0x20;

    /// <summary>Why <paramref name="signer"/> may not sign S/MIME, or null when it may.</summary>
    public static string? SignerProblem(X509Certificate2 signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (EmailProtectionProblem(signer) is { } eku) return eku;
        if (signer.Extensions[NetscapeCertType] is { } ns)
        {
            var bits = NetscapeBits(ns);
            if (bits is null || (bits & (NetscapeSslClient | NetscapeSmime)) == 0)
                return "its Netscape certificate type allows neither S/MIME nor SSL client";
        }
        if (signer.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } ku
            && (ku.KeyUsages & (X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)) == 0)
            return $"its key usage ({ku.KeyUsages}) allows neither digitalSignature nor nonRepudiation";
        return null;
    }

    /// <summary>Why the CA certificate <paramref name="issuer"/> (of a signer's chain) may not vouch for S/MIME signers, or null.</summary>
    public static string? IssuerProblem(X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        if (EmailProtectionProblem(issuer) is { } eku) return eku;
        if (issuer.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } ku && (ku.KeyUsages & X509KeyUsageFlags.KeyCertSign) == 0)
            return $"its key usage ({ku.KeyUsages}) does not allow keyCertSign";
        return null;
    }

    private static string? EmailProtectionProblem(X509Certificate2 certificate)
    {
        if (certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is not { } eku) return null;
        var usages = eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value ?? "").ToList();
        return usages.Contains(EmailProtection, StringComparer.Ordinal)
            ? null
            : $"its extended key usage ({(usages.Count == 0 ? "empty" : string.Join(", ", usages))}) does not list emailProtection ({EmailProtection})";
    }

    private static byte? NetscapeBits(X509Extension extension)
    {
        try
        {
            var bits = AsnDecoder.ReadBitString(extension.RawData, AsnEncodingRules.BER, out _, out _);
            return bits.Length == 0 ? (byte)0 : bits[0];
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
