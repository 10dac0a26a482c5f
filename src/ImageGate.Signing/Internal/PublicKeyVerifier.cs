using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace ImageGate.Signing.Internal;

/// <summary>Verifies signatures with an ECDSA (P-256/P-384/P-521), RSA or Ed25519 public key given as a DER
/// SubjectPublicKeyInfo. ECDSA signatures are DER (RFC 3279); RSA is PKCS#1 v1.5 or PSS.</summary>
internal sealed class PublicKeyVerifier : IDisposable
{
    private const string Ed25519Oid = "1.3.101.112";
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;
    private readonly Ed25519PublicKeyParameters? _ed25519;

    private PublicKeyVerifier(ECDsa? ecdsa, RSA? rsa, Ed25519PublicKeyParameters? ed, byte[] spki)
    {
        _ecdsa = ecdsa;
        _rsa = rsa;
        _ed25519 = ed;
        SubjectPublicKeyInfo = spki;
    }

    /// <summary>The key's DER SubjectPublicKeyInfo.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>True for Ed25519 keys (they sign whole messages, never a prehash).</summary>
    public bool IsEd25519 => _ed25519 is not null;

    /// <summary>The hash the key type signs with (SHA-256 unless P-384/P-521).</summary>
    public HashAlgorithmName DefaultHash => _ecdsa?.KeySize switch
    {
        384 => HashAlgorithmName.SHA384,
        521 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    public static PublicKeyVerifier FromSubjectPublicKeyInfo(byte[] spki)
    {
        var oid = ReadAlgorithmOid(spki);
        switch (oid)
        {
            case "1.2.840.10045.2.1":
                var ec = ECDsa.Create();
                ec.ImportSubjectPublicKeyInfo(spki, out _);
                return new PublicKeyVerifier(ec, null, null, spki);
            case "1.2.840.113549.1.1.1":
                var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(spki, out _);
                return new PublicKeyVerifier(null, rsa, null, spki);
            case Ed25519Oid:
                var reader = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
                reader.ReadSequence();
                var raw = reader.ReadBitString(out _);
                if (raw.Length != 32) throw new CryptographicException("an Ed25519 key must be 32 bytes");
                return new PublicKeyVerifier(null, null, new Ed25519PublicKeyParameters(raw, 0), spki);
            default:
                throw new CryptographicException($"unsupported public key algorithm {oid}");
        }
    }

    public static PublicKeyVerifier FromCertificate(X509Certificate2 cert) =>
        FromSubjectPublicKeyInfo(cert.PublicKey.ExportSubjectPublicKeyInfo());

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="data"/>.</summary>
    public bool VerifyData(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, HashAlgorithmName? hash = null)
    {
        try
        {
            if (_ed25519 is not null)
            {
                if (signature.Length != 64) return false;
                var signer = new Ed25519Signer();
                signer.Init(false, _ed25519);
                signer.BlockUpdate(data.ToArray(), 0, data.Length);
                return signer.VerifySignature(signature.ToArray());
            }
            var h = hash ?? DefaultHash;
            using var hasher = IncrementalHash.CreateHash(h);
            hasher.AppendData(data);
            return VerifyHash(hasher.GetHashAndReset(), signature, h);
        }
        catch (CryptographicException) { return false; }
    }

    /// <summary>Verifies <paramref name="signature"/> over a precomputed <paramref name="digest"/> (not for Ed25519).</summary>
    public bool VerifyHash(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, HashAlgorithmName hash)
    {
        try
        {
            if (_ecdsa is not null)
                return _ecdsa.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);
            if (_rsa is not null)
                return _rsa.VerifyHash(digest, signature, hash, RSASignaturePadding.Pkcs1)
                    || _rsa.VerifyHash(digest, signature, hash, RSASignaturePadding.Pss);
            return false;
        }
        catch (CryptographicException) { return false; }
    }

    private static string ReadAlgorithmOid(byte[] spki)
    {
        try
        {
            var seq = new AsnReader(spki, AsnEncodingRules.DER).ReadSequence();
            var alg = seq.ReadSequence();
            return alg.ReadObjectIdentifier();
        }
        catch (AsnContentException ex) { throw new CryptographicException("the public key is not a DER SubjectPublicKeyInfo", ex); }
    }

    public void Dispose()
    {
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }
}
