using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Lists.Hepix;
using ImageGate.Site.Verification;

namespace ImageGate.Site.Hepix;

/// <summary>Verifies an S/MIME detached signature (<c>multipart/signed</c>, as <c>openssl smime -sign</c> writes it)
/// against a folder of trusted CA certificates, the S/MIME signing purpose of the signer's chain (as <c>openssl smime -verify</c>)
/// and the signer's DN; returns the signed content.</summary>
internal static class SmimeVerifier
{
    public static byte[] Verify(ReadOnlyMemory<byte> smime, SignerIdentity expected, DateTimeOffset now, string source)
    {
        if (expected.CaDirectory is null)
            throw new BadInputException("an S/MIME-signed HEPiX list needs --ca-dir and --signer-dn");
        if (expected.SubjectDn is null && !expected.AnySignerUnsafe)
            throw new BadInputException("an S/MIME-signed HEPiX list needs --signer-dn: the endorser's certificate subject (any certificate under the CAs would do otherwise)");
        var (signedPart, signature) = Split(smime.Span, source);
        var canonical = Canonicalize(signedPart);
        var cms = new SignedCms(new ContentInfo(canonical), detached: true);
        try
        {
            cms.Decode(signature);
        }
        catch (CryptographicException ex)
        {
            throw new BadInputException($"S/MIME signature is not a PKCS#7 signature: {ex.Message}", source);
        }
        if (cms.SignerInfos.Count != 1)
            throw new VerificationException(ListReasons.UnsupportedBundle, $"{source}: expected one S/MIME signer, found {cms.SignerInfos.Count}");
        var signerInfo = cms.SignerInfos[0];
        try
        {
            signerInfo.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException ex)
        {
            throw new VerificationException(ListReasons.SignatureInvalid, $"{source}: the S/MIME signature does not verify ({ex.Message}): tampered list or wrong signer");
        }
        var signer = signerInfo.Certificate
            ?? throw new VerificationException(ListReasons.UnsupportedBundle, $"{source}: the S/MIME signature carries no signer certificate");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.CustomTrustStore.AddRange(LoadCas(expected.CaDirectory));
        chain.ChainPolicy.ExtraStore.AddRange(cms.Certificates);
        if (!chain.Build(signer))
        {
            var why = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
            throw new VerificationException(ListReasons.UntrustedSigner,
                $"{source}: the signer '{signer.Subject}' does not chain to a CA in {expected.CaDirectory}: {why}");
        }
        // openssl smime -verify (purpose smimesign), as atrope and vmcatcher run it, checks the usages of the whole chain.
        for (var i = 0; i < chain.ChainElements.Count; i++)
        {
            var certificate = chain.ChainElements[i].Certificate;
            if ((i == 0 ? SmimeSigningPurpose.SignerProblem(certificate) : SmimeSigningPurpose.IssuerProblem(certificate)) is { } problem)
                throw new VerificationException(ListReasons.UntrustedSigner,
                    $"{source}: the {(i == 0 ? "signer" : "CA")} certificate '{certificate.Subject}' may not be used for S/MIME signatures: {problem}");
        }
        if (expected.SubjectDn is { } dn && !DistinguishedNames.Same(dn, signer.SubjectName))
            throw new VerificationException(ListReasons.WrongSigner, $"{source}: signed by '{signer.Subject}', expected '{dn}'");
        return ContentOf(canonical);
    }

    /// <summary>The first part (signed, with its MIME headers if any) and the decoded signature of a multipart/signed message.</summary>
    private static (byte[] Signed, byte[] Signature) Split(ReadOnlySpan<byte> message, string source)
    {
        var text = Encoding.Latin1.GetString(message); // one char per byte: offsets stay byte offsets
        var headerEnd = HeaderEnd(text, 0);
        if (headerEnd < 0)
            throw new BadInputException("not an S/MIME message (no MIME headers)", source);
        var headers = Unfold(text[..headerEnd]);
        var contentType = headers.FirstOrDefault(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase));
        if (contentType is not null && contentType.Contains("pkcs7-mime", StringComparison.OrdinalIgnoreCase))
            return Opaque(text[headerEnd..], source);
        if (contentType is null || !contentType.Contains("multipart/signed", StringComparison.OrdinalIgnoreCase))
            throw new BadInputException("not an S/MIME signed message (Content-Type multipart/signed or application/pkcs7-mime)", source);
        var boundary = Parameter(contentType, "boundary") ?? throw new BadInputException("multipart/signed without a boundary", source);
        var delimiter = "--" + boundary;
        var positions = new List<(int LineStart, int NextLine)>();
        var pos = headerEnd;
        while (pos < text.Length && positions.Count < 3)
        {
            var eol = text.IndexOf('\n', pos);
            var lineEnd = eol < 0 ? text.Length : eol;
            var line = text[pos..lineEnd].TrimEnd('\r', ' ', '\t');
            if (line == delimiter || line == delimiter + "--")
                positions.Add((pos, eol < 0 ? text.Length : eol + 1));
            pos = eol < 0 ? text.Length : eol + 1;
        }
        if (positions.Count < 3)
            throw new BadInputException("multipart/signed message does not have two parts", source);
        var signed = Slice(text, positions[0].NextLine, positions[1].LineStart);
        var sigPart = text[positions[1].NextLine..TrimLineBreak(text, positions[1].NextLine, positions[2].LineStart)];
        var sigHeadersEnd = HeaderEnd(sigPart, 0);
        if (sigHeadersEnd < 0)
            throw new BadInputException("the signature part has no MIME headers", source);
        var sigHeaders = Unfold(sigPart[..sigHeadersEnd]);
        if (!sigHeaders.Any(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase) && h.Contains("pkcs7-signature", StringComparison.OrdinalIgnoreCase)))
            throw new BadInputException("the second part is not a pkcs7-signature", source);
        try
        {
            return (signed, Convert.FromBase64String(string.Concat(sigPart[sigHeadersEnd..].Where(c => !char.IsWhiteSpace(c)))));
        }
        catch (FormatException)
        {
            throw new BadInputException("the pkcs7-signature part is not base64", source);
        }
    }

    /// <summary>An opaque signed message (<c>application/pkcs7-mime; smime-type=signed-data</c>, as <c>openssl smime -sign
    /// -nodetach</c> writes it, which vmcatcher and atrope also read): the content it carries and the whole signed data,
    /// which verifies as a detached signature over that content.</summary>
    private static (byte[] Signed, byte[] Signature) Opaque(string body, string source)
    {
        byte[] der;
        try
        {
            der = Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))));
        }
        catch (FormatException)
        {
            throw new BadInputException("the application/pkcs7-mime body is not base64", source);
        }
        try
        {
            return Detach(der);
        }
        catch (AsnContentException ex)
        {
            throw new BadInputException($"the application/pkcs7-mime body is not PKCS#7 signed data: {ex.Message}", source);
        }
    }

    /// <summary>The content an attached PKCS#7 signed-data carries, and the same signed-data without it (detached).</summary>
    private static (byte[] Content, byte[] Detached) Detach(byte[] der)
    {
        const AsnEncodingRules Ber = AsnEncodingRules.BER;
        var contentInfo = new AsnReader(der, Ber).ReadSequence();
        var contentType = contentInfo.ReadObjectIdentifier();
        if (contentType != "1.2.840.113549.1.7.2")
            throw new AsnContentException($"content type {contentType} is not signed-data");
        var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
        var version = signedData.ReadEncodedValue();
        var digestAlgorithms = signedData.ReadEncodedValue();
        var encap = signedData.ReadSequence();
        var eContentType = encap.ReadObjectIdentifier();
        if (!encap.HasData)
            throw new AsnContentException("it carries no content");
        var content = encap.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadOctetString();
        var writer = new AsnWriter(Ber);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(contentType);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
            using (writer.PushSequence())
            {
                writer.WriteEncodedValue(version.Span);
                writer.WriteEncodedValue(digestAlgorithms.Span);
                using (writer.PushSequence())
                    writer.WriteObjectIdentifier(eContentType);
                while (signedData.HasData)
                    writer.WriteEncodedValue(signedData.ReadEncodedValue().Span);
            }
        }
        return (content, writer.Encode());
    }

    private static byte[] Slice(string text, int start, int delimiterLineStart) =>
        Encoding.Latin1.GetBytes(text[start..TrimLineBreak(text, start, delimiterLineStart)]);

    /// <summary>The line break before a delimiter belongs to the delimiter (RFC 2046).</summary>
    private static int TrimLineBreak(string text, int start, int end)
    {
        if (end > start && text[end - 1] == '\n') end--;
        if (end > start && text[end - 1] == '\r') end--;
        return end;
    }

    /// <summary>Where the body starts: after the first empty line (LF or CRLF), or -1.</summary>
    private static int HeaderEnd(string text, int from)
    {
        var lf = text.IndexOf("\n\n", from, StringComparison.Ordinal);
        var crlf = text.IndexOf("\r\n\r\n", from, StringComparison.Ordinal);
        if (lf < 0 && crlf < 0) return -1;
        if (crlf >= 0 && (lf < 0 || crlf < lf)) return crlf + 4;
        return lf + 2;
    }

    private static List<string> Unfold(string headers)
    {
        var result = new List<string>();
        foreach (var raw in headers.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.Length == 0) continue;
            if ((raw[0] == ' ' || raw[0] == '\t') && result.Count > 0) result[^1] += " " + raw.Trim();
            else result.Add(raw.Trim());
        }
        return result;
    }

    private static string? Parameter(string header, string name)
    {
        foreach (var part in header.Split(';').Skip(1))
        {
            var kv = part.Split('=', 2);
            if (kv.Length == 2 && kv[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                return kv[1].Trim().Trim('"');
        }
        return null;
    }

    /// <summary>S/MIME signs text in canonical form: every line ending CRLF.</summary>
    private static byte[] Canonicalize(byte[] part)
    {
        var output = new List<byte>(part.Length + part.Length / 40);
        for (var i = 0; i < part.Length; i++)
        {
            if (part[i] == '\n' && (i == 0 || part[i - 1] != '\r')) output.Add((byte)'\r');
            output.Add(part[i]);
        }
        return output.ToArray();
    }

    /// <summary>The content of the signed part: without its MIME headers when it has them (<c>openssl smime -text</c>).</summary>
    private static byte[] ContentOf(byte[] canonical)
    {
        var text = Encoding.Latin1.GetString(canonical);
        var firstNonSpace = text.TrimStart();
        if (firstNonSpace.StartsWith('{') || firstNonSpace.StartsWith('['))
            return canonical;
        var end = HeaderEnd(text, 0);
        return end < 0 ? canonical : canonical[end..];
    }

    private static X509Certificate2Collection LoadCas(string directory)
    {
        var cas = new X509Certificate2Collection();
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".r0", StringComparison.Ordinal) || new FileInfo(file).Length > 1024 * 1024) continue;
            try
            {
                var text = File.ReadAllText(file);
                if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                    cas.ImportFromPem(text);
                else if (name.EndsWith(".der", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".crt", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".cer", StringComparison.OrdinalIgnoreCase))
                    cas.Add(X509CertificateLoader.LoadCertificateFromFile(file));
            }
            catch (CryptographicException)
            {
                // not a certificate (signing policies, namespaces files): skip
            }
        }
        if (cas.Count == 0)
            throw new BadInputException("no CA certificates in this folder", directory);
        return cas;
    }
}
