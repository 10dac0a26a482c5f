using ImageGate.DiskImages.FileSystems.Xfs;
using ImageGate.DiskImages.Internal;

namespace ImageGate.DiskImages.Containers;

/// <summary>A read-only random-access virtual disk. <see cref="Read"/> is positional and safe to call from many
/// threads at once. Every virtual disk (a container, a partition, a logical volume) is the <see cref="IByteSource"/>
/// the XFS and LVM readers take, so no adapter stands between them.</summary>
internal abstract class VirtualDisk : IDisposable, IByteSource
{
    /// <summary>The image file named in errors.</summary>
    public abstract string ImagePath { get; }

    /// <summary>The virtual size in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>Bytes read from host files so far (this disk and the ones it stands on).</summary>
    public abstract long BytesRead { get; }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; reading past <see cref="Length"/> is damage.</summary>
    public void Read(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > Length || buffer.Length > Length - offset)
            throw Fail.Bad(ImagePath, $"read of {buffer.Length} bytes at virtual offset {offset} is outside the disk ({Length} bytes)");
        if (buffer.Length > 0) ReadCore(offset, buffer);
    }

    /// <inheritdoc />
    string IByteSource.Name => ImagePath;

    /// <inheritdoc />
    void IByteSource.ReadAt(long offset, Span<byte> buffer) => Read(offset, buffer);

    /// <summary>Reads a range that is known to be inside the disk.</summary>
    protected abstract void ReadCore(long offset, Span<byte> buffer);

    public virtual void Dispose() { }
}
