using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ImageGate.Signing.Verification;

/// <summary>Reads the identity a Fulcio certificate carries: SAN and the 1.3.6.1.4.1.57264.1.* extensions.</summary>
internal static class FulcioCertificate
{
    public const string IssuerV1 = "1.3.6.1.4.1.57264.1.1";
    public const string IssuerV2 = "1.3.6.1.4.1.57264.1.8";
    public const string BuildSignerUri = "1.3.6.1.4.1.57264.1.9";
    public const string SourceRepositoryUri = "1.3.6.1.4.1.57264.1.12";
    public const string SourceRepositoryRef = "1.3.6.1.4.1.57264.1.14";
    public const string LegacyRepository = "1.3.6.1.4.1.57264.1.5";
    public const string LegacyRef = "1.3.6.1.4.1.57264.1.6";
    public const string SctList = "1.3.6.1.4.1.11129.2.4.2";

    /// <summary>The SAN values (URIs, e-mail addresses, and other names as UTF-8 strings).</summary>
    public static List<string> SubjectAlternativeNames(X509Certificate2 cert)
    {
        var names = new List<string>();
        var ext = cert.Extensions["2.5.29.17"];
        if (ext is null) return names;
        var reader = new AsnReader(ext.RawData, AsnEncodingRules.DER).ReadSequence();
        while (reader.HasData)
        {
            var tag = reader.PeekTag();
            if (tag.TagClass != TagClass.ContextSpecific) { reader.ReadEncodedValue(); continue; }
            switch (tag.TagValue)
            {
                case 1: // rfc822Name
                    names.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 1)));
                    break;
                case 6: // URI
                    names.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6)));
                    break;
                case 0: // otherName { type-id, [0] EXPLICIT value }
                    var other = reader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
                    other.ReadObjectIdentifier();
                    var value = other.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, true));
                    names.Add(value.ReadCharacterString(UniversalTagNumber.UTF8String));
                    break;
                default:
                    reader.ReadEncodedValue();
                    break;
            }
        }
        return names;
    }

    /// <summary>The OIDC issuer: the DER UTF8String of .1.8, else the raw bytes of legacy .1.1.</summary>
    public static string? Issuer(X509Certificate2 cert) => DerString(cert, IssuerV2) ?? RawString(cert, IssuerV1);

    /// <summary>A Fulcio extension holding a DER UTF8String.</summary>
    public static string? DerString(X509Certificate2 cert, string oid)
    {
        var ext = cert.Extensions[oid];
        if (ext is null) return null;
        try { return new AsnReader(ext.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String); }
        catch (AsnContentException) { return null; }
    }

    /// <summary>The source repository URI: .1.12, else <c>https://github.com/</c> + the legacy .1.5 <c>OWNER/REPO</c>.</summary>
    public static string? SourceRepository(X509Certificate2 cert) =>
        DerString(cert, SourceRepositoryUri) ?? (RawString(cert, LegacyRepository) is { } legacy ? "https://github.com/" + legacy : null);

    /// <summary>The source repository ref: .1.14, else the legacy .1.6.</summary>
    public static string? SourceRef(X509Certificate2 cert) => DerString(cert, SourceRepositoryRef) ?? RawString(cert, LegacyRef);

    /// <summary>A legacy Fulcio extension holding the raw UTF-8 bytes of its value.</summary>
    public static string? RawString(X509Certificate2 cert, string oid)
    {
        var ext = cert.Extensions[oid];
        return ext is null ? null : Encoding.UTF8.GetString(ext.RawData);
    }
}
