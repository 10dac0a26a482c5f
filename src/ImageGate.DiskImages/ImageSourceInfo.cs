namespace ImageGate.DiskImages;

/// <summary>What an input to a scan is: its path, format and size.</summary>
/// <param name="Path">Full path of the input.</param>
/// <param name="Format"><c>directory</c>, <c>tar</c>, or a disk image format (<c>qcow2</c>, <c>vmdk</c>, <c>vhdx</c>, <c>raw</c>).</param>
/// <param name="Size">Size in bytes of the file; null for a directory.</param>
public sealed record ImageSourceInfo(string Path, string Format, long? Size)
{
    /// <summary>True when the input is a single file whose bytes can be digested.</summary>
    public bool IsFile => Format != "directory";
}
