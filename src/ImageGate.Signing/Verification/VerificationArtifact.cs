using System.Globalization;
using System.Security.Cryptography;
using ImageGate.Core.Errors;
using ImageGate.Core.IO;

namespace ImageGate.Signing.Verification;

/// <summary>What a bundle is checked against: the artifact's SHA-256 digest, and its bytes when available
/// (needed only for Ed25519 message signatures).</summary>
public sealed class VerificationArtifact
{
    private readonly Func<byte[]>? _content;

    private VerificationArtifact(byte[] sha256, Func<byte[]>? content, string description)
    {
        Sha256 = sha256;
        _content = content;
        Description = description;
    }

    /// <summary>The artifact's SHA-256 digest.</summary>
    public byte[] Sha256 { get; }

    /// <summary>The digest as <c>sha256:&lt;hex&gt;</c>.</summary>
    public string Digest => "sha256:" + Convert.ToHexStringLower(Sha256);

    /// <summary>A file name or digest for messages.</summary>
    public string Description { get; }

    /// <summary>True when the artifact's bytes are available.</summary>
    public bool HasContent => _content is not null;

    internal byte[] Content() => _content?.Invoke() ?? throw new VerificationException(BundleReasons.ArtifactContentNeeded,
        "this signature type (Ed25519) signs whole messages: give the artifact file, not only its digest");

    /// <summary>An artifact held in memory.</summary>
    public static VerificationArtifact FromBytes(byte[] content, string description = "artifact") =>
        new(SHA256.HashData(content), () => content, description);

    /// <summary>A file, hashed in one streaming pass.</summary>
    public static VerificationArtifact FromFile(string path)
    {
        if (!File.Exists(path)) throw new BadInputException("artifact file not found", path);
        return new VerificationArtifact(FileDigests.Sha256Bytes(path), () => File.ReadAllBytes(path), path);
    }

    /// <summary>A file whose SHA-256 digest the caller has computed already (e.g. a large disk image hashed once);
    /// its bytes are read only when a signature type needs the whole message (Ed25519).</summary>
    public static VerificationArtifact FromFile(string path, byte[] sha256)
    {
        if (!File.Exists(path)) throw new BadInputException("artifact file not found", path);
        if (sha256.Length != 32) throw new BadInputException($"a SHA-256 digest has 32 bytes, found {sha256.Length}");
        return new VerificationArtifact(sha256.ToArray(), () => File.ReadAllBytes(path), path);
    }

    /// <summary>Only a SHA-256 digest (32 bytes).</summary>
    public static VerificationArtifact FromSha256(byte[] digest)
    {
        if (digest.Length != 32) throw new BadInputException($"a SHA-256 digest has 32 bytes, found {digest.Length}");
        return new VerificationArtifact(digest.ToArray(), null, "sha256:" + Convert.ToHexStringLower(digest));
    }

    /// <summary>A file path, or <c>sha256:&lt;hex&gt;</c> for a digest (the sigstore-conformance protocol).</summary>
    public static VerificationArtifact Parse(string fileOrDigest, string? baseDirectory = null)
    {
        if (fileOrDigest.StartsWith("sha256:", StringComparison.Ordinal))
            return FromSha256(ParseSha256Hex(fileOrDigest["sha256:".Length..]));
        var path = baseDirectory is null ? fileOrDigest : Path.GetFullPath(Path.Combine(baseDirectory, fileOrDigest));
        return FromFile(path);
    }

    /// <summary>Parses 64 hex digits.</summary>
    public static byte[] ParseSha256Hex(string hex)
    {
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
            throw new BadInputException($"'{hex}' is not a SHA-256 digest (64 hex digits)");
        return Convert.FromHexString(hex);
    }

    internal static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
