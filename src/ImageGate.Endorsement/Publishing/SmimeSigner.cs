using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ImageGate.Core.Errors;

namespace ImageGate.Endorsement.Publishing;

/// <summary>S/MIME detached signatures (multipart/signed, as <c>openssl smime -sign</c> writes them) with SignedCms.</summary>
public static class SmimeSigner
{
    /// <summary>Loads the signer certificate (PEM; further certificates in the file are sent as the chain) and its unencrypted PEM key.</summary>
    public static (X509Certificate2 Signer, X509Certificate2Collection Chain) Load(string certificatePath, string keyPath)
    {
        try
        {
            var signer = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(certificatePath);
            var extra = new X509Certificate2Collection();
            foreach (var c in chain)
                if (c.Thumbprint != signer.Thumbprint && c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData) is false)
                    extra.Add(c);
            return (signer, extra);
        }
        catch (CryptographicException ex)
        {
            throw new BadInputException($"cannot load the S/MIME signer certificate and key ({keyPath}): {ex.Message}", certificatePath, ex);
        }
        catch (IOException ex)
        {
            throw new BadInputException($"cannot read the S/MIME signer certificate or key: {ex.Message}", certificatePath, ex);
        }
    }

    /// <summary>Signs <paramref name="content"/> (line ends made CRLF, as S/MIME canonical text) and returns the whole MIME message.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> content, X509Certificate2 signer, X509Certificate2Collection chain, DateTimeOffset signingTime)
    {
        var canonical = ToCrlf(Encoding.UTF8.GetString(content));
        var bytes = Encoding.UTF8.GetBytes(canonical);
        var cms = new SignedCms(new ContentInfo(bytes), detached: true);
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        cmsSigner.Certificates.AddRange(chain);
        cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(signingTime.UtcDateTime));
        try
        {
            cms.ComputeSignature(cmsSigner, silent: true);
        }
        catch (CryptographicException ex)
        {
            throw new BadInputException($"cannot sign with the S/MIME signer: {ex.Message}", signer.Subject, ex);
        }
        var signature = Convert.ToBase64String(cms.Encode(), Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n", StringComparison.Ordinal);
        var boundary = "----" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var mime = new StringBuilder();
        mime.Append("MIME-Version: 1.0\n");
        mime.Append($"Content-Type: multipart/signed; protocol=\"application/x-pkcs7-signature\"; micalg=\"sha-256\"; boundary=\"{boundary}\"\n\n");
        mime.Append("This is an S/MIME signed message\n\n");
        mime.Append("--").Append(boundary).Append('\n');
        mime.Append(canonical);
        mime.Append('\n');
        mime.Append("--").Append(boundary).Append('\n');
        mime.Append("Content-Type: application/x-pkcs7-signature; name=\"smime.p7s\"\n");
        mime.Append("Content-Transfer-Encoding: base64\n");
        mime.Append("Content-Disposition: attachment; filename=\"smime.p7s\"\n\n");
        mime.Append(signature).Append("\n\n");
        mime.Append("--").Append(boundary).Append("--\n\n");
        return Encoding.UTF8.GetBytes(mime.ToString());
    }

    private static string ToCrlf(string text)
    {
        var lf = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!lf.EndsWith('\n')) lf += "\n";
        return lf.Replace("\n", "\r\n", StringComparison.Ordinal);
    }
}
