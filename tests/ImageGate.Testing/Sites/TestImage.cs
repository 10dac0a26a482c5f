using System.Security.Cryptography;
using ImageGate.Lists.Reading;

namespace ImageGate.Testing.Sites;

/// <summary>A small random disk image and its list entry.</summary>
public sealed record TestImage(string Name, string Version, byte[] Bytes, string Format = "qcow2")
{
    public static TestImage Random(string name, string version, int kib = 300, string format = "qcow2")
    {
        var bytes = new byte[kib * 1024];
        System.Random.Shared.NextBytes(bytes);
        return new TestImage(name, version, bytes, format);
    }

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes));

    public string Sha512 => Convert.ToHexStringLower(SHA512.HashData(Bytes));

    public string Label => $"{Name}@{Version}";

    public string UrlPath => $"/images/{Name}-{Version}.{Format}";

    public SiteImage Entry(string baseUrl) =>
        new($"id-{Name}", Name, Version, Sha256, Sha512, Bytes.Length, baseUrl + UrlPath, "linux", "x86_64", Format);
}
