using ImageGate.DiskImages.FileSystems.Xfs;

namespace ImageGate.DiskImages.Containers;

/// <summary>A device that is not a window of the disk (an LVM logical volume) seen as a virtual disk, so the
/// file-system drivers can probe and open it.</summary>
internal sealed class ByteSourceDisk(IByteSource source, VirtualDisk parent) : VirtualDisk
{
    public override string ImagePath => parent.ImagePath;
    public override long Length => source.Length;
    public override long BytesRead => parent.BytesRead;
    protected override void ReadCore(long offset, Span<byte> buffer) => source.ReadAt(offset, buffer);
}
