namespace ImageGate.Packer.Artifacts;

/// <summary>A disk image a build made, with what a later gate needs to trust it.</summary>
/// <param name="Path">Full path of the image file.</param>
/// <param name="Build">The Packer build that made it.</param>
/// <param name="Format">Container format, from the magic bytes.</param>
/// <param name="Size">Size of the file in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file.</param>
/// <param name="Sha512">Lower-case hex SHA-512 of the file.</param>
public sealed record DiskImageArtifact(string Path, string Build, DiskImageFormat Format, long Size, string Sha256, string Sha512)
{
    /// <summary>The image's digest in <c>sha256:HEX</c> form.</summary>
    public string Digest => "sha256:" + Sha256;
}
