using System.Security.Cryptography;
using System.Text.Json;
using ImageGate.Signing.Internal;

namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>A public key of TUF root metadata: <c>ed25519</c> (hex or PEM) or ECDSA P-256
/// (<c>ecdsa</c>/<c>ecdsa-sha2-nistp256</c> key types, scheme <c>ecdsa-sha2-nistp256</c>, PEM or hex point).
/// Other key types are kept but never verify (they count for nothing towards a threshold).</summary>
internal sealed class TufKey : IDisposable
{
    private static readonly byte[] Ed25519SpkiPrefix = Convert.FromHexString("302a300506032b6570032100");
    private static readonly byte[] P256SpkiPrefix = Convert.FromHexString("3059301306072a8648ce3d020106082a8648ce3d030107034200");
    private readonly PublicKeyVerifier? _verifier;

    private TufKey(string keyId, string keyType, string scheme, PublicKeyVerifier? verifier, string? unsupported)
    {
        KeyId = keyId;
        KeyType = keyType;
        Scheme = scheme;
        _verifier = verifier;
        Unsupported = unsupported;
    }

    public string KeyId { get; }

    public string KeyType { get; }

    public string Scheme { get; }

    /// <summary>Why the key cannot verify anything, or null for a usable key.</summary>
    public string? Unsupported { get; }

    public static TufKey Parse(string keyId, JsonElement e)
    {
        var keyType = TufJson.Str(e, "keytype", "key " + keyId);
        var scheme = TufJson.Str(e, "scheme", "key " + keyId);
        var keyVal = TufJson.Obj(e, "keyval", "key " + keyId);
        var pub = TufJson.Str(keyVal, "public", $"key {keyId}.keyval");
        try
        {
            switch (keyType)
            {
                case "ed25519" when scheme == "ed25519":
                    {
                        var spki = pub.StartsWith("-----BEGIN", StringComparison.Ordinal) ? PemKey(pub) : Concat(Ed25519SpkiPrefix, Hex(pub, 32));
                        var v = PublicKeyVerifier.FromSubjectPublicKeyInfo(spki);
                        if (!v.IsEd25519) throw new CryptographicException("the key is not an Ed25519 key");
                        return new TufKey(keyId, keyType, scheme, v, null);
                    }
                case "ecdsa" or "ecdsa-sha2-nistp256" when scheme == "ecdsa-sha2-nistp256":
                    {
                        var spki = pub.StartsWith("-----BEGIN", StringComparison.Ordinal) ? PemKey(pub) : Concat(P256SpkiPrefix, Hex(pub, 65));
                        using (var ec = ECDsa.Create())
                        {
                            ec.ImportSubjectPublicKeyInfo(spki, out _);
                            if (ec.KeySize != 256) throw new CryptographicException($"scheme {scheme} needs a P-256 key, found {ec.KeySize} bits");
                        }
                        return new TufKey(keyId, keyType, scheme, PublicKeyVerifier.FromSubjectPublicKeyInfo(spki), null);
                    }
                default:
                    return new TufKey(keyId, keyType, scheme, null, $"unsupported key type {keyType} with scheme {scheme}");
            }
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or InvalidOperationException)
        {
            return new TufKey(keyId, keyType, scheme, null, $"unusable public key: {ex.Message}");
        }
    }

    /// <summary>True when <paramref name="signatureHex"/> is this key's signature over <paramref name="canonical"/>.</summary>
    public bool Verify(byte[] canonical, string signatureHex)
    {
        if (_verifier is null) return false;
        byte[] sig;
        try { sig = Convert.FromHexString(signatureHex); }
        catch (FormatException) { return false; }
        return _verifier.VerifyData(canonical, sig, HashAlgorithmName.SHA256);
    }

    private static byte[] Hex(string text, int length)
    {
        var bytes = Convert.FromHexString(text);
        if (bytes.Length != length) throw new FormatException($"a hex public key of {length} bytes was expected, found {bytes.Length}");
        return bytes;
    }

    private static byte[] PemKey(string pem) => Pem.Decode(pem, "PUBLIC KEY") ?? throw new FormatException("no PUBLIC KEY PEM block");

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    public void Dispose() => _verifier?.Dispose();
}
