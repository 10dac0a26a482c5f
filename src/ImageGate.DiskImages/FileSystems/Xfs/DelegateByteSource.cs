using ImageGate.Core.Errors;

namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>Adapts any positional reader (a virtual disk, a partition of one) to <see cref="IByteSource"/>:
/// <paramref name="readAt"/> must fill the whole span and be safe to call from several threads.</summary>
internal sealed class DelegateByteSource(string name, long length, Action<long, Span<byte>> readAt) : IByteSource
{
    public string Name { get; } = name;

    public long Length { get; } = length;

    public void ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > Length - buffer.Length)
            throw new BadInputException($"read of {buffer.Length} bytes at offset {offset} is beyond the end of the device ({Length} bytes): truncated?", Name);
        readAt(offset, buffer);
    }
}
