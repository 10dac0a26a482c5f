using ImageGate.DiskImages.Internal;

namespace ImageGate.DiskImages.Containers;

/// <summary>A window [<paramref name="start"/>, start + length) onto another disk: a partition, a physical volume,
/// a fixed VHD's data before its footer. The one slice type; a window that does not fit its disk is damage.
/// Disposing it disposes <paramref name="parent"/> only when <paramref name="ownsParent"/>.</summary>
internal sealed class SliceDisk(VirtualDisk parent, long start, long length, bool ownsParent = false) : VirtualDisk
{
    public override string ImagePath => parent.ImagePath;

    public override long Length { get; } = start >= 0 && length >= 0 && start <= parent.Length - length
        ? length
        : throw Fail.Bad(parent.ImagePath, $"slice at {start} of {length} bytes is beyond the end of the device ({parent.Length} bytes)");

    public override long BytesRead => parent.BytesRead;
    public override VirtualDisk Underlying => parent.Underlying;
    protected override void ReadCore(long offset, Span<byte> buffer) => parent.Read(start + offset, buffer);
    public override void Dispose() { if (ownsParent) parent.Dispose(); }
}
