using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageGate.Core.Errors;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace ImageGate.Signing.Keys;

/// <summary>cosign's encrypted private key: JSON with scrypt parameters and a NaCl secretbox
/// (XSalsa20-Poly1305) around the PKCS#8 key (the go-securesystemslib "encrypted" format).</summary>
internal static class CosignKeyFormat
{
    private const int MaxN = 1 << 20;

    public static byte[] Decrypt(byte[] json, string password)
    {
        try
        {
            var doc = JsonNode.Parse(json) ?? throw new FormatException("empty");
            var kdf = doc["kdf"]!;
            if ((string?)kdf["name"] != "scrypt") throw new FormatException("kdf is not scrypt");
            if ((string?)doc["cipher"]!["name"] != "nacl/secretbox") throw new FormatException("cipher is not nacl/secretbox");
            var n = (int)kdf["params"]!["N"]!;
            var r = (int)kdf["params"]!["r"]!;
            var p = (int)kdf["params"]!["p"]!;
            if (n is < 2 or > MaxN || r is < 1 or > 32 || p is < 1 or > 16) throw new FormatException("scrypt parameters out of range");
            var salt = Convert.FromBase64String((string)kdf["salt"]!);
            var nonce = Convert.FromBase64String((string)doc["cipher"]!["nonce"]!);
            var box = Convert.FromBase64String((string)doc["ciphertext"]!);
            if (nonce.Length != 24 || box.Length < 16) throw new FormatException("bad nonce or ciphertext");
            var key = SCrypt.Generate(System.Text.Encoding.UTF8.GetBytes(password), salt, n, r, p, 32);
            var (polyKey, stream) = Keystream(key, nonce, box.Length - 16);
            var tag = Mac(polyKey, box.AsSpan(16));
            if (!CryptographicOperations.FixedTimeEquals(tag, box.AsSpan(0, 16)))
                throw new BadInputException("the cosign key cannot be decrypted (wrong password?)");
            var plain = new byte[box.Length - 16];
            for (var i = 0; i < plain.Length; i++) plain[i] = (byte)(box[16 + i] ^ stream[i]);
            return plain;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or NullReferenceException or InvalidOperationException or InvalidCastException)
        {
            throw new BadInputException($"the cosign key is malformed: {ex.Message}");
        }
    }

    public static string Encrypt(byte[] pkcs8, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(24);
        const int n = 32768, r = 8, p = 1;
        var key = SCrypt.Generate(System.Text.Encoding.UTF8.GetBytes(password), salt, n, r, p, 32);
        var (polyKey, stream) = Keystream(key, nonce, pkcs8.Length);
        var cipher = new byte[pkcs8.Length];
        for (var i = 0; i < cipher.Length; i++) cipher[i] = (byte)(pkcs8[i] ^ stream[i]);
        byte[] box = [.. Mac(polyKey, cipher), .. cipher];
        return new JsonObject
        {
            ["kdf"] = new JsonObject { ["name"] = "scrypt", ["params"] = new JsonObject { ["N"] = n, ["r"] = r, ["p"] = p }, ["salt"] = Convert.ToBase64String(salt) },
            ["cipher"] = new JsonObject { ["name"] = "nacl/secretbox", ["nonce"] = Convert.ToBase64String(nonce) },
            ["ciphertext"] = Convert.ToBase64String(box),
        }.ToJsonString();
    }

    private static (byte[] PolyKey, byte[] Stream) Keystream(byte[] key, byte[] nonce, int length)
    {
        var engine = new XSalsa20Engine();
        engine.Init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        var zeros = new byte[32 + length];
        var output = new byte[zeros.Length];
        engine.ProcessBytes(zeros, 0, zeros.Length, output, 0);
        return (output[..32], output[32..]);
    }

    private static byte[] Mac(byte[] polyKey, ReadOnlySpan<byte> data)
    {
        var mac = new Poly1305();
        mac.Init(new KeyParameter(polyKey));
        mac.BlockUpdate(data.ToArray(), 0, data.Length);
        var tag = new byte[16];
        mac.DoFinal(tag, 0);
        return tag;
    }
}
