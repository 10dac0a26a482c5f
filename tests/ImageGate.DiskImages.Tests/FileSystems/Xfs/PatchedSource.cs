using ImageGate.DiskImages.Containers;
using ImageGate.DiskImages.FileSystems.Xfs;

namespace ImageGate.DiskImages.Tests.FileSystems.Xfs;

/// <summary>A damaged copy of an image without copying it: byte patches laid over the original, and an optional
/// shorter length (truncation).</summary>
internal sealed class PatchedSource(VirtualDisk inner, long? length = null) : VirtualDisk
{
    private readonly List<(long Offset, byte[] Bytes)> patches = [];

    public override string ImagePath => inner.ImagePath + " (damaged)";

    public override long Length { get; } = length ?? inner.Length;

    public override long BytesRead => inner.BytesRead;

    public VirtualDisk Inner => inner;

    public PatchedSource Patch(long offset, ReadOnlySpan<byte> bytes)
    {
        patches.Add((offset, bytes.ToArray()));
        return this;
    }

    /// <summary>Reads <paramref name="count"/> bytes as they are now (patches applied).</summary>
    public byte[] Read(long offset, int count)
    {
        var b = new byte[count];
        Read(offset, b);
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

    /// <summary>The range is inside <see cref="Length"/> (the base class checked it), so a shorter length reads
    /// as a truncated image.</summary>
    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        inner.Read(offset, buffer);
        foreach (var (o, bytes) in patches)
        {
            var start = Math.Max(o, offset);
            var end = Math.Min(o + bytes.Length, offset + buffer.Length);
            if (start < end)
                bytes.AsSpan((int)(start - o), (int)(end - start)).CopyTo(buffer[(int)(start - offset)..]);
        }
    }
}
