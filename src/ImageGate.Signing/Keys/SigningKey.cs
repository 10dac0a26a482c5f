using System.Security.Cryptography;
using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Signing.Internal;

namespace ImageGate.Signing.Keys;

/// <summary>An ECDSA P-256 signing key: generated, or loaded from PKCS#8 PEM (plain or password-encrypted),
/// SEC1 <c>EC PRIVATE KEY</c> PEM, or cosign's <c>ENCRYPTED SIGSTORE PRIVATE KEY</c>. Never prints its secret.</summary>
public sealed class SigningKey : IDisposable
{
    private readonly ECDsa _key;

    private SigningKey(ECDsa key)
    {
        if (key.KeySize != 256) throw new BadInputException($"only ECDSA P-256 keys are supported, this key has {key.KeySize} bits");
        _key = key;
    }

    /// <summary>A fresh P-256 key (ephemeral keys for keyless signing, or a new key pair).</summary>
    public static SigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The public key as DER SubjectPublicKeyInfo.</summary>
    public byte[] PublicKeyDer => _key.ExportSubjectPublicKeyInfo();

    /// <summary>The public key as PEM (<c>PUBLIC KEY</c>).</summary>
    public string PublicKeyPem => Pem.Encode("PUBLIC KEY", PublicKeyDer);

    /// <summary>The key hint of bundles: base64 of SHA-256 over the DER public key.</summary>
    public string Hint => Convert.ToBase64String(SHA256.HashData(PublicKeyDer));

    /// <summary>Signs a SHA-256 digest (ECDSA, DER signature).</summary>
    public byte[] SignSha256Digest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32) throw new ArgumentException("a SHA-256 digest has 32 bytes", nameof(digest));
        return _key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>Signs data with ECDSA-SHA256 (DER signature).</summary>
    public byte[] SignData(ReadOnlySpan<byte> data) => _key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>The private key as PKCS#8 PEM; encrypted (PBES2, AES-256-CBC, PBKDF2-SHA256) when a password is given.</summary>
    public string ExportPrivateKeyPem(string? password = null)
    {
        if (string.IsNullOrEmpty(password)) return Pem.Encode("PRIVATE KEY", _key.ExportPkcs8PrivateKey());
        var der = _key.ExportEncryptedPkcs8PrivateKey(password,
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 600_000));
        return Pem.Encode("ENCRYPTED PRIVATE KEY", der);
    }

    /// <summary>Loads a private key file; <paramref name="password"/> opens encrypted keys.</summary>
    public static SigningKey Load(string path, string? password = null)
    {
        if (!File.Exists(path)) throw new BadInputException("key file not found", path);
        if (new FileInfo(path).Length > 64 * 1024) throw new BadInputException("the key file is too large", path);
        try { return Parse(File.ReadAllText(path), password); }
        catch (BadInputException ex) when (ex.Path is null) { throw new BadInputException(ex.Message, path); }
    }

    /// <summary>Parses a PEM private key.</summary>
    public static SigningKey Parse(string pem, string? password = null)
    {
        var ec = ECDsa.Create();
        try
        {
            if (Pem.Decode(pem, "ENCRYPTED SIGSTORE PRIVATE KEY") is { } cosign)
            {
                if (password is null) throw new BadInputException("the cosign key is encrypted: give its password (COSIGN_PASSWORD or --key-password)");
                ec.ImportPkcs8PrivateKey(CosignKeyFormat.Decrypt(cosign, password), out _);
            }
            else if (Pem.Decode(pem, "ENCRYPTED PRIVATE KEY") is { } encrypted)
            {
                if (password is null) throw new BadInputException("the key is encrypted: give its password");
                ec.ImportEncryptedPkcs8PrivateKey(password, encrypted, out _);
            }
            else if (Pem.Decode(pem, "PRIVATE KEY") is { } pkcs8) ec.ImportPkcs8PrivateKey(pkcs8, out _);
            else if (Pem.Decode(pem, "EC PRIVATE KEY") is { } sec1) ec.ImportECPrivateKey(sec1, out _);
            else throw new BadInputException("no PEM private key found (PRIVATE KEY, ENCRYPTED PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED SIGSTORE PRIVATE KEY)");
            return new SigningKey(ec);
        }
        catch (CryptographicException)
        {
            ec.Dispose();
            throw new BadInputException("the private key cannot be read (wrong password, or not an ECDSA key)");
        }
        catch
        {
            ec.Dispose();
            throw;
        }
    }

    /// <summary>Writes a cosign-compatible encrypted key (<c>ENCRYPTED SIGSTORE PRIVATE KEY</c>).</summary>
    public string ExportCosignPrivateKeyPem(string password) =>
        Pem.Encode("ENCRYPTED SIGSTORE PRIVATE KEY", Encoding.UTF8.GetBytes(CosignKeyFormat.Encrypt(_key.ExportPkcs8PrivateKey(), password)));

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
