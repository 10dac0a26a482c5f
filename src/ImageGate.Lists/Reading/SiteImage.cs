namespace ImageGate.Lists.Reading;

/// <summary>One image of a published list as a site reads and acts on it: the fields sites use, checked by
/// <see cref="EndorsedListReader"/> (from <c>endorsed-images.json</c>, where the publisher writes an <see cref="EndorsedImage"/>)
/// or by the site's HEPiX reader.</summary>
/// <param name="Identifier">Stable identifier of the image (a UUID per image name).</param>
/// <param name="Name">Image name; letters, digits and <c>._+-</c> only.</param>
/// <param name="Version">Image version; letters, digits and <c>._+-</c> only.</param>
/// <param name="Sha256">SHA-256 of the disk image file, lower-case hex (null only for HEPiX lists, which carry SHA-512 alone).</param>
/// <param name="Sha512">SHA-512 of the disk image file, lower-case hex.</param>
/// <param name="Size">Size of the disk image file in bytes.</param>
/// <param name="Uri">Where the image is downloaded from (absolute http(s), or relative to the list's URL); null when the
/// record gives only an <see cref="Oci"/> location.</param>
/// <param name="Os">Operating system, when given (the <see cref="OperatingSystem.PrettyName"/>, else "id versionId").</param>
/// <param name="Arch">Architecture, when given.</param>
/// <param name="Format">Disk format (<c>qcow2</c>, <c>raw</c>, <c>vmdk</c> …), lower case.</param>
public sealed record SiteImage(
    string Identifier,
    string Name,
    string Version,
    string? Sha256,
    string Sha512,
    long Size,
    string? Uri,
    string? Os,
    string? Arch,
    string Format)
{
    /// <summary>Where the image is held in an OCI registry (the list's <c>oci</c> location), or null.</summary>
    public OciLocation? Oci { get; init; }

    /// <summary><c>NAME@VERSION</c>, how people and <c>--block</c> name an image.</summary>
    public string Label => $"{Name}@{Version}";
}
