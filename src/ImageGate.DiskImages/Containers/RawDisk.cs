namespace ImageGate.DiskImages.Containers;

/// <summary>A raw image (or a VHD fixed image, or a flat VMDK extent): the bytes are the disk.</summary>
internal sealed class RawDisk(ImageFile file, long length, bool ownsFile = true) : VirtualDisk
{
    public override string ImagePath => file.Path;
    public override long Length => length;
    public override long BytesRead => file.BytesRead;
    protected override void ReadCore(long offset, Span<byte> buffer) => file.Read(offset, buffer);
    public override void Dispose() { if (ownsFile) file.Dispose(); }
}
