using ImageGate.Core.Errors;
using ImageGate.DiskImages.Internal;

namespace ImageGate.DiskImages.Containers;

/// <summary>The one abstraction for random-access readable bytes of known length that every reader works on: a raw
/// file (<see cref="ImageFile"/>), a qcow2, VMDK, VHDX or VHD container, a window of one (<see cref="SliceDisk"/>: a
/// partition, a physical volume) and an LVM logical volume are all virtual disks. The partition-table readers
/// (GPT, MBR, LVM) and the file-system readers (ext, XFS) take one. <see cref="Read"/> is positional, checks the range
/// and is safe to call from many threads at once.</summary>
internal abstract class VirtualDisk : IDisposable
{
    /// <summary>The image file named in errors.</summary>
    public abstract string ImagePath { get; }

    /// <summary>The virtual size in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>Bytes read from host files so far (this disk and the ones it stands on).</summary>
    public abstract long BytesRead { get; }

    /// <summary>The disk whose host reads this one's reads are counted in: itself, or for a slice the disk it is a
    /// window of (so that several slices of one disk count its reads once).</summary>
    public virtual VirtualDisk Underlying => this;

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; reading past <see cref="Length"/> is damage.</summary>
    public void Read(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > Length || buffer.Length > Length - offset)
            throw Outside(offset, buffer.Length);
        if (buffer.Length > 0) ReadCore(offset, buffer);
    }

    /// <summary>The damage a read of <paramref name="count"/> bytes at <paramref name="offset"/>, outside the disk, is.</summary>
    protected virtual BadInputException Outside(long offset, int count) =>
        Fail.Bad(ImagePath, $"read of {count} bytes at virtual offset {offset} is outside the disk ({Length} bytes)");

    /// <summary>Reads a range that is known to be inside the disk.</summary>
    protected abstract void ReadCore(long offset, Span<byte> buffer);

    public virtual void Dispose() { }
}
