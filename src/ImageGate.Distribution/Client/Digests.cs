using System.Security.Cryptography;

namespace ImageGate.Distribution.Client;

/// <summary>OCI digest strings (<c>sha256:HEX</c>).</summary>
public static class Digests
{
    /// <summary>The sha256 digest of <paramref name="content"/>.</summary>
    public static string Of(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary><c>sha256:HEX</c> from a hex sha256.</summary>
    public static string FromHex(string sha256Hex) => "sha256:" + sha256Hex.ToLowerInvariant();

    /// <summary>The hex part of <c>sha256:HEX</c>.</summary>
    public static string Hex(string digest) => digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest[7..] : digest;

    /// <summary>The referrers tag schema's tag for <paramref name="digest"/>: <c>sha256-HEX</c>.</summary>
    public static string ReferrersTag(string digest) => digest.Replace(':', '-');
}
