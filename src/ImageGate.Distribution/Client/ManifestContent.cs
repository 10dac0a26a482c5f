namespace ImageGate.Distribution.Client;

/// <summary>A manifest as fetched: its bytes (whose sha256 is the digest) and media type.</summary>
/// <param name="MediaType">The Content-Type the registry sent.</param>
/// <param name="Digest">The digest of <paramref name="Content"/> (checked against <c>Docker-Content-Digest</c>).</param>
/// <param name="Content">The manifest bytes.</param>
public sealed record ManifestContent(string MediaType, string Digest, byte[] Content)
{
    /// <summary>The manifest as a descriptor.</summary>
    public Descriptor Descriptor => new(MediaType, Digest, Content.LongLength);
}
