namespace ImageGate.DiskImages.Containers;

/// <summary>A raw image (or a VHD fixed image, or a flat VMDK extent, or a block device): the bytes are the disk.</summary>
internal sealed class RawDisk(ImageFile file, long length, bool ownsFile = true) : VirtualDisk
{
    /// <summary>Opens the file at <paramref name="path"/> as a raw disk of its length, whatever it holds.</summary>
    public static RawDisk Open(string path)
    {
        var file = new ImageFile(path);
        return new RawDisk(file, file.Length);
    }

    public override string ImagePath => file.Path;
    public override long Length => length;
    public override long BytesRead => file.BytesRead;
    protected override void ReadCore(long offset, Span<byte> buffer) => file.Read(offset, buffer);
    public override void Dispose() { if (ownsFile) file.Dispose(); }
}
