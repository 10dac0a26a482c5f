namespace ImageGate.DiskImages.Containers;

/// <summary>A window onto another disk: a partition.</summary>
internal sealed class SliceDisk(VirtualDisk parent, long start, long length) : VirtualDisk
{
    public override string ImagePath => parent.ImagePath;
    public override long Length => length;
    public override long BytesRead => parent.BytesRead;
    public long Start => start;
    protected override void ReadCore(long offset, Span<byte> buffer) => parent.Read(start + offset, buffer);
}
