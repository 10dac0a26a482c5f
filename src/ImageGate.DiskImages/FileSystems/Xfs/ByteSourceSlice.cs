using ImageGate.Core.Errors;

namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>A window of another source (a partition of a disk): bytes [<paramref name="start"/>, start + length).</summary>
internal sealed class ByteSourceSlice(IByteSource inner, long start, long length) : IByteSource
{
    public string Name => inner.Name;

    public long Length { get; } = start >= 0 && length >= 0 && start <= inner.Length - length
        ? length
        : throw new BadInputException($"slice at {start} of {length} bytes is beyond the end of the device ({inner.Length} bytes)", inner.Name);

    public void ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > Length - buffer.Length)
            throw new BadInputException($"read of {buffer.Length} bytes at offset {offset} is beyond the end of a {Length}-byte area starting at {start}: truncated?", inner.Name);
        inner.ReadAt(start + offset, buffer);
    }
}
