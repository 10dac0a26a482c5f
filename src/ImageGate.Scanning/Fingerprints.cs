using System.Security.Cryptography;
using System.Text;

namespace ImageGate.Scanning;

/// <summary>Finding fingerprints: the first 16 hex digits of HMAC-SHA-256 keyed with the salt, over the secret's
/// SHA-256 when there is a secret (the same key found twice has the same fingerprint), else over rule and path.
/// They identify a finding across scans without revealing what was found.</summary>
public static class Fingerprints
{
    /// <summary>The fingerprint of a finding.</summary>
    public static string Compute(string salt, string ruleId, string path, byte[]? secretDigest)
    {
        ArgumentNullException.ThrowIfNull(salt);
        var data = secretDigest is { Length: > 0 }
            ? [.. "secret\n"u8, .. secretDigest]
            : Encoding.UTF8.GetBytes($"finding\n{ruleId}\n{path}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(salt), data);
        return Convert.ToHexStringLower(mac.AsSpan(0, 8));
    }
}
