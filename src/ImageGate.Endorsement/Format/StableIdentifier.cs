using System.Security.Cryptography;
using System.Text;

namespace ImageGate.Endorsement.Format;

/// <summary>Name-based (RFC 9562 version 5) UUIDs, so an image name keeps one identifier in every repository.</summary>
public static class StableIdentifier
{
    /// <summary>The namespace of ImageGate's name-based UUIDs.</summary>
    public static Guid Namespace { get; } = new("5a0d7a3e-8c1b-4f4e-9d53-1e5b6f0c2a77");

    /// <summary>The version 5 UUID of <paramref name="name"/> in <see cref="Namespace"/>.</summary>
    public static string ForName(string name)
    {
        var ns = Namespace.ToByteArray(bigEndian: true);
        var data = Encoding.UTF8.GetBytes(name);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 version 5 specifies; not a security use
        var hash = SHA1.HashData([.. ns, .. data]);
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0f) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
