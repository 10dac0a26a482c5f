using ImageGate.Core.Errors;
using ImageGate.DiskImages.FileSystems.Xfs;

namespace ImageGate.DiskImages.Tests.FileSystems.Xfs;

/// <summary>A damaged copy of an image without copying it: byte patches laid over the original, and an optional
/// shorter length (truncation).</summary>
internal sealed class PatchedSource(IByteSource inner, long? length = null) : IByteSource
{
    private readonly List<(long Offset, byte[] Bytes)> patches = [];

    public string Name => inner.Name + " (damaged)";

    public long Length { get; } = length ?? inner.Length;

    public IByteSource Inner => inner;

    public PatchedSource Patch(long offset, ReadOnlySpan<byte> bytes)
    {
        patches.Add((offset, bytes.ToArray()));
        return this;
    }

    /// <summary>Reads <paramref name="count"/> bytes as they are now (patches applied).</summary>
    public byte[] Read(long offset, int count)
    {
        var b = new byte[count];
        ReadAt(offset, b);
        return b;
    }

    /// <summary>Rewrites a block through <paramref name="edit"/>, then re-stamps its CRC32C at <paramref name="crcOffset"/> when given.</summary>
    public PatchedSource Edit(long offset, int count, Action<byte[]> edit, int? crcOffset = null)
    {
        var b = Read(offset, count);
        edit(b);
        if (crcOffset is not null) XfsCrc.Stamp(b, crcOffset.Value);
        return Patch(offset, b);
    }

    public void ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > Length - buffer.Length)
            throw new BadInputException($"read at {offset} beyond the end ({Length} bytes)", Name);
        inner.ReadAt(offset, buffer);
        foreach (var (o, bytes) in patches)
        {
            var start = Math.Max(o, offset);
            var end = Math.Min(o + bytes.Length, offset + buffer.Length);
            if (start < end)
                bytes.AsSpan((int)(start - o), (int)(end - start)).CopyTo(buffer[(int)(start - offset)..]);
        }
    }
}
