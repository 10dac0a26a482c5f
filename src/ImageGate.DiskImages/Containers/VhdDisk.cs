using System.Buffers.Binary;
using ImageGate.DiskImages.Internal;

namespace ImageGate.DiskImages.Containers;

/// <summary>Virtual PC VHD, dynamic: the dynamic header's BAT of blocks, each a sector bitmap followed by data.
/// (Fixed VHDs are raw with a footer and open as a <see cref="SliceDisk"/> of their <see cref="ImageFile"/>.)</summary>
internal sealed class VhdDisk : VirtualDisk
{
    private readonly ImageFile _file;
    private readonly long _size;
    private readonly long _blockSize;
    private readonly long _bitmapBytes;
    private readonly uint[] _bat;

    public VhdDisk(ImageFile file, ReadOnlySpan<byte> footer, DiskImageOptions options)
    {
        _file = file;
        var path = file.ImagePath;
        var type = BinaryPrimitives.ReadUInt32BigEndian(footer[60..]);
        if (type == 4) throw Fail.Bad(path, "VHD is a differencing disk with a parent; refused");
        if (type != 3) throw Fail.Bad(path, $"VHD disk type {type} is not dynamic");
        var size = BinaryPrimitives.ReadUInt64BigEndian(footer[48..]);
        if (size == 0 || size > (ulong)options.MaxVirtualSize) throw Fail.Bad(path, $"VHD size {size} is invalid");
        _size = (long)size;
        var dyn = BinaryPrimitives.ReadUInt64BigEndian(footer[16..]);
        if (dyn > (ulong)file.Length - 1024) throw Fail.Bad(path, "VHD dynamic header offset is past the end of the file");
        var d = new byte[1024];
        file.Read((long)dyn, d);
        if (!d.AsSpan(0, 8).SequenceEqual("cxsparse"u8)) throw Fail.Bad(path, "VHD dynamic header has a bad cookie");
        var table = BinaryPrimitives.ReadUInt64BigEndian(d.AsSpan(16));
        var entries = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(28));
        var bs = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(32));
        if (bs < 512 || bs > 256u << 20 || (bs & (bs - 1)) != 0) throw Fail.Bad(path, $"VHD block size {bs} is invalid");
        _blockSize = bs;
        var needed = (_size + bs - 1) / bs;
        if (entries < needed || needed * 4 > options.MaxTableBytes) throw Fail.Bad(path, $"VHD BAT has {entries} entries, {needed} needed");
        if (table > (ulong)file.Length || (long)table + needed * 4 > file.Length) throw Fail.Bad(path, "VHD BAT is past the end of the file");
        var bat = new byte[needed * 4];
        file.Read((long)table, bat);
        _bat = new uint[needed];
        for (var i = 0; i < needed; i++) _bat[i] = BinaryPrimitives.ReadUInt32BigEndian(bat.AsSpan(i * 4));
        _bitmapBytes = ((bs / 512 / 8) + 511) / 512 * 512;
    }

    public override string ImagePath => _file.ImagePath;
    public override long Length => _size;
    public override long BytesRead => _file.BytesRead;

    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var block = offset / _blockSize;
            var within = offset % _blockSize;
            var chunk = (int)Math.Min(buffer.Length, _blockSize - within);
            var sector = _bat[block];
            if (sector == 0xFFFFFFFF) buffer[..chunk].Clear();
            else _file.Read((long)sector * 512 + _bitmapBytes + within, buffer[..chunk]);
            buffer = buffer[chunk..];
            offset += chunk;
        }
    }

    public override void Dispose() => _file.Dispose();
}
