namespace ImageGate.Scanning;

/// <summary>The scanned input as the report names it.</summary>
/// <param name="Path">Path of the image file or directory.</param>
/// <param name="Name">Display name (file name by default), used in <c>image://NAME/path</c> locations.</param>
/// <param name="Format">qcow2, vmdk, vhdx, raw, tar or directory.</param>
/// <param name="Size">Size in bytes of the image file; null for a directory.</param>
public sealed record ImageDescription(string Path, string Name, string Format, long? Size)
{
    /// <summary>SHA-256 of the image file (hex), computed during the scan; null for a directory.</summary>
    public string? Sha256 { get; init; }

    /// <summary>SHA-512 of the image file (hex), computed during the scan; null for a directory.</summary>
    public string? Sha512 { get; init; }
}
