using System.Buffers.Binary;
using ImageGate.DiskImages.Internal;

namespace ImageGate.DiskImages.Containers;

/// <summary>Hyper-V VHDX: headers (CRC-32C), region table, metadata (block size, virtual size, sector size), the BAT
/// with sector-bitmap entries interleaved, payload blocks. A log with entries to replay (dirty image) is refused.</summary>
internal sealed class VhdxDisk : VirtualDisk
{
    private static readonly Guid BatRegion = new("2DC27766-F623-4200-9D64-115E9BFD4A08");
    private static readonly Guid MetadataRegion = new("8B7CA206-4790-4B9A-B8FE-575F050F886E");
    private static readonly Guid FileParameters = new("CAA16737-FA36-4D43-B3B6-33F0AA44E76B");
    private static readonly Guid VirtualDiskSize = new("2FA54224-CD1B-4876-B211-5DBED83BF4B8");
    private static readonly Guid LogicalSectorSize = new("8141BF1D-A96F-4709-BA47-F233A8FAAB5F");
    private readonly ImageFile _file;
    private readonly long _size;
    private readonly long _blockSize;
    private readonly long _chunkRatio;
    private readonly ulong[] _bat;

    public VhdxDisk(ImageFile file, DiskImageOptions options)
    {
        _file = file;
        var path = file.ImagePath;
        if (file.Length < 1024 * 1024) throw Fail.Bad(path, "VHDX file is truncated (shorter than its 1 MiB header area)");
        // the two headers: the valid one with the higher sequence number wins
        byte[]? header = null;
        ulong bestSeq = 0;
        foreach (var at in new long[] { 64 * 1024, 128 * 1024 })
        {
            var h = new byte[4096];
            file.Read(at, h);
            if (BinaryPrimitives.ReadUInt32LittleEndian(h) != 0x64616568) continue; // "head"
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(4));
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), 0);
            if (Crc32.Castagnoli(h) != crc) continue;
            var seq = BinaryPrimitives.ReadUInt64LittleEndian(h.AsSpan(8));
            if (header is null || seq > bestSeq) { header = h; bestSeq = seq; }
        }
        if (header is null) throw Fail.Bad(path, "VHDX has no valid header (both copies damaged)");
        if (new Guid(header.AsSpan(48, 16)) != Guid.Empty)
            throw Fail.Bad(path, "VHDX log is not empty (the image was not closed cleanly); replay it with Hyper-V or qemu-img first");
        var version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(66));
        if (version != 1) throw Fail.Bad(path, $"VHDX version {version} is not supported");
        // region table
        byte[]? regions = null;
        foreach (var at in new long[] { 192 * 1024, 256 * 1024 })
        {
            var r = new byte[64 * 1024];
            file.Read(at, r);
            if (BinaryPrimitives.ReadUInt32LittleEndian(r) != 0x69676572) continue; // "regi"
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(r.AsSpan(4));
            BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(4), 0);
            if (Crc32.Castagnoli(r) != crc) continue;
            regions = r;
            break;
        }
        if (regions is null) throw Fail.Bad(path, "VHDX has no valid region table (both copies damaged)");
        var count = BinaryPrimitives.ReadUInt32LittleEndian(regions.AsSpan(8));
        if (count > 2047) throw Fail.Bad(path, $"VHDX region table has {count} entries");
        long batOffset = -1, batLength = 0, metaOffset = -1, metaLength = 0;
        for (var i = 0; i < count; i++)
        {
            var e = regions.AsSpan(16 + i * 32, 32);
            var id = new Guid(e[..16]);
            var off = (long)BinaryPrimitives.ReadUInt64LittleEndian(e[16..]);
            var len = BinaryPrimitives.ReadUInt32LittleEndian(e[24..]);
            var required = BinaryPrimitives.ReadUInt32LittleEndian(e[28..]);
            if (id == BatRegion) { batOffset = off; batLength = len; }
            else if (id == MetadataRegion) { metaOffset = off; metaLength = len; }
            else if ((required & 1) != 0) throw Fail.Bad(path, $"VHDX requires an unknown region {id}");
        }
        if (batOffset < 0 || metaOffset < 0) throw Fail.Bad(path, "VHDX lacks its BAT or metadata region");
        if (metaLength < 65536 || metaLength > 64L << 20 || metaOffset + metaLength > file.Length) throw Fail.Bad(path, "VHDX metadata region is out of range");
        var meta = new byte[metaLength];
        file.Read(metaOffset, meta);
        if (BinaryPrimitives.ReadUInt64LittleEndian(meta) != 0x617461646174656D) throw Fail.Bad(path, "VHDX metadata table has a bad signature");
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(meta.AsSpan(10));
        if (entries > 2047) throw Fail.Bad(path, "VHDX metadata table has too many entries");
        uint? blockSize = null, sectorSize = null;
        ulong? size = null;
        bool hasParent = false;
        for (var i = 0; i < entries; i++)
        {
            var e = meta.AsSpan(32 + i * 32, 32);
            var id = new Guid(e[..16]);
            var off = BinaryPrimitives.ReadUInt32LittleEndian(e[16..]);
            var len = BinaryPrimitives.ReadUInt32LittleEndian(e[20..]);
            var flags = BinaryPrimitives.ReadUInt32LittleEndian(e[24..]);
            if ((ulong)off + len > (ulong)meta.Length || len == 0) { if (len == 0) continue; throw Fail.Bad(path, "VHDX metadata item is out of range"); }
            var item = meta.AsSpan((int)off, (int)len);
            if (id == FileParameters && len >= 8)
            {
                blockSize = BinaryPrimitives.ReadUInt32LittleEndian(item);
                hasParent = (BinaryPrimitives.ReadUInt32LittleEndian(item[4..]) & 2) != 0;
            }
            else if (id == VirtualDiskSize && len >= 8) size = BinaryPrimitives.ReadUInt64LittleEndian(item);
            else if (id == LogicalSectorSize && len >= 4) sectorSize = BinaryPrimitives.ReadUInt32LittleEndian(item);
            else if ((flags & 4) != 0 && id != Guid.Empty && !KnownOptional(id)) throw Fail.Bad(path, $"VHDX requires unknown metadata {id}");
        }
        if (hasParent) throw Fail.Bad(path, "VHDX is a differencing disk with a parent; refused");
        if (blockSize is not { } bs || bs < 1 << 20 || bs > 256u << 20 || (bs & (bs - 1)) != 0) throw Fail.Bad(path, $"VHDX block size {blockSize} is invalid");
        if (sectorSize is not (512 or 4096)) throw Fail.Bad(path, $"VHDX logical sector size {sectorSize} is invalid");
        if (size is not { } sz || sz == 0 || sz > (ulong)options.MaxVirtualSize || sz % sectorSize.Value != 0) throw Fail.Bad(path, $"VHDX virtual size {size} is invalid");
        _size = (long)sz;
        _blockSize = bs;
        _chunkRatio = (1L << 23) * sectorSize.Value / bs;
        var dataBlocks = (_size + bs - 1) / bs;
        var batEntries = dataBlocks + (dataBlocks - 1) / _chunkRatio;
        if (batEntries * 8 > batLength || batEntries * 8 > options.MaxTableBytes || batOffset + batEntries * 8 > file.Length)
            throw Fail.Bad(path, $"VHDX BAT region ({batLength} bytes) is too small or out of range for {batEntries} entries");
        var bat = new byte[batEntries * 8];
        file.Read(batOffset, bat);
        _bat = new ulong[batEntries];
        for (var i = 0; i < _bat.Length; i++) _bat[i] = BinaryPrimitives.ReadUInt64LittleEndian(bat.AsSpan(i * 8));
    }

    private static bool KnownOptional(Guid id) =>
        id == new Guid("CDA348C7-445D-4471-9CC9-E9885251C556") || id == new Guid("BECA12AB-B2E6-4523-93EF-C309E000C746");

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
            var entry = _bat[block + block / _chunkRatio];
            switch (entry & 7)
            {
                case 6: // fully present
                    var host = (long)(entry >> 20) * 1024 * 1024;
                    if (host < 1024 * 1024 || host + within + chunk > _file.Length)
                        throw Fail.Bad(ImagePath, $"VHDX block {block} points outside the file ({host})");
                    _file.Read(host + within, buffer[..chunk]);
                    break;
                case 0 or 1 or 2 or 3: // not present, undefined, zero, unmapped
                    buffer[..chunk].Clear();
                    break;
                default:
                    throw Fail.Bad(ImagePath, $"VHDX block {block} has state {entry & 7} (partially present needs a parent)");
            }
            buffer = buffer[chunk..];
            offset += chunk;
        }
    }

    public override void Dispose() => _file.Dispose();
}
