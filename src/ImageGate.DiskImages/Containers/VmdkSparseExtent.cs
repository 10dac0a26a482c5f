using System.Buffers.Binary;
using System.IO.Compression;
using ImageGate.DiskImages.Internal;

namespace ImageGate.DiskImages.Containers;

/// <summary>A VMDK hosted sparse extent (monolithicSparse, streamOptimized): grain directory → grain tables → grains,
/// compressed grains with markers, the grain directory found in the footer when the header defers to it.</summary>
internal sealed class VmdkSparseExtent : VirtualDisk
{
    private const ulong GdAtEnd = 0xFFFF_FFFF_FFFF_FFFFUL;
    private readonly ImageFile _file;
    private readonly long _capacityBytes;
    private readonly int _grainBytes;
    private readonly uint _gtEntries;
    private readonly uint[] _gd;
    private readonly bool _compressed;
    private readonly BoundedCache<uint> _gtCache;
    private readonly BoundedCache<uint> _grainCache;

    public VmdkSparseExtent(ImageFile file, DiskImageOptions options)
    {
        _file = file;
        var path = file.ImagePath;
        if (file.Length < 512) throw Fail.Bad(path, "VMDK sparse header is truncated");
        var h = new byte[512];
        file.Read(0, h);
        ParseHeader(h, out var flags, out var capacity, out var grainSize, out var gtEntries, out var gdOffset);
        if (gdOffset == GdAtEnd)
        {
            // streamOptimized: the real header is the footer, 1024 bytes before the end (footer marker, footer, end-of-stream)
            if (file.Length < 1536) throw Fail.Bad(path, "VMDK streamOptimized footer is missing (file truncated)");
            var f = new byte[512];
            file.Read(file.Length - 1024, f);
            if (BinaryPrimitives.ReadUInt32LittleEndian(f) != 0x564D444B) throw Fail.Bad(path, "VMDK footer has a bad magic (file truncated or damaged)");
            ParseHeader(f, out flags, out capacity, out grainSize, out gtEntries, out gdOffset);
            if (gdOffset == GdAtEnd) throw Fail.Bad(path, "VMDK footer does not locate the grain directory");
        }
        if (grainSize < 1 || grainSize > 2048 || (grainSize & (grainSize - 1)) != 0) throw Fail.Bad(path, $"VMDK grain size {grainSize} sectors is invalid");
        if (gtEntries < 1 || gtEntries > 65536) throw Fail.Bad(path, $"VMDK grain table size {gtEntries} is invalid");
        if (capacity > (ulong)options.MaxVirtualSize / 512) throw Fail.Bad(path, $"VMDK capacity {capacity} sectors exceeds the limit");
        _capacityBytes = (long)capacity * 512;
        _grainBytes = (int)grainSize * 512;
        _gtEntries = gtEntries;
        _compressed = (flags & (1 << 16)) != 0;
        var grains = (capacity + grainSize - 1) / grainSize;
        var tables = (grains + gtEntries - 1) / gtEntries;
        if (tables * 4 > (ulong)options.MaxTableBytes) throw Fail.Bad(path, "VMDK grain directory exceeds the limit");
        if (gdOffset > (ulong)file.Length / 512) throw Fail.Bad(path, $"VMDK grain directory offset {gdOffset} is past the end of the file");
        var gd = new byte[tables * 4];
        file.Read((long)gdOffset * 512, gd);
        _gd = new uint[tables];
        for (var i = 0; i < _gd.Length; i++)
        {
            _gd[i] = BinaryPrimitives.ReadUInt32LittleEndian(gd.AsSpan(i * 4));
            if ((ulong)_gd[i] * 512 + gtEntries * 4 > (ulong)file.Length && _gd[i] != 0)
                throw Fail.Bad(path, $"VMDK grain table {i} at sector {_gd[i]} is past the end of the file");
        }
        _gtCache = new BoundedCache<uint>(options.CacheBytes);
        _grainCache = new BoundedCache<uint>(Math.Min(options.CacheBytes, 8L << 20));
    }

    private void ParseHeader(byte[] h, out uint flags, out ulong capacity, out ulong grainSize, out uint gtEntries, out ulong gdOffset)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(h) != 0x564D444B) throw Fail.Bad(_file.ImagePath, "VMDK sparse extent has a bad magic");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(4));
        if (version is < 1 or > 3) throw Fail.Bad(_file.ImagePath, $"VMDK sparse version {version} is not supported");
        flags = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(8));
        capacity = BinaryPrimitives.ReadUInt64LittleEndian(h.AsSpan(12));
        grainSize = BinaryPrimitives.ReadUInt64LittleEndian(h.AsSpan(20));
        gtEntries = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(44));
        gdOffset = BinaryPrimitives.ReadUInt64LittleEndian(h.AsSpan(56)); // the primary directory (the redundant one at 48 is a backup)
        var compression = BinaryPrimitives.ReadUInt16LittleEndian(h.AsSpan(77));
        if (compression > 1) throw Fail.Bad(_file.ImagePath, $"VMDK compression algorithm {compression} is unknown");
    }

    public override string ImagePath => _file.ImagePath;
    public override long Length => _capacityBytes;
    public override long BytesRead => _file.BytesRead;

    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var grain = (ulong)offset / (ulong)_grainBytes;
            var within = (int)((ulong)offset % (ulong)_grainBytes);
            var chunk = Math.Min(buffer.Length, _grainBytes - within);
            var sector = GrainSector(grain);
            if (sector <= 1) buffer[..chunk].Clear(); // 0 unallocated, 1 zeroed grain
            else if (_compressed)
                Grain(sector, grain).AsSpan(within, chunk).CopyTo(buffer);
            else
                _file.Read((long)sector * 512 + within, buffer[..chunk]);
            buffer = buffer[chunk..];
            offset += chunk;
        }
    }

    private uint GrainSector(ulong grain)
    {
        var table = grain / _gtEntries;
        if (table >= (ulong)_gd.Length) throw Fail.Bad(ImagePath, $"VMDK grain {grain} is outside the grain directory");
        var gtSector = _gd[table];
        if (gtSector == 0) return 0;
        var gt = _gtCache.GetOrAdd(gtSector, s =>
        {
            var t = new byte[_gtEntries * 4];
            _file.Read((long)s * 512, t);
            return t;
        });
        var sector = BinaryPrimitives.ReadUInt32LittleEndian(gt.AsSpan((int)(grain % _gtEntries) * 4));
        if (sector > 1 && (long)sector * 512 >= _file.Length) throw Fail.Bad(ImagePath, $"VMDK grain {grain} at sector {sector} is past the end of the file");
        return sector;
    }

    private byte[] Grain(uint sector, ulong grain) => _grainCache.GetOrAdd(sector, s =>
    {
        var at = (long)s * 512;
        Span<byte> marker = stackalloc byte[12];
        _file.Read(at, marker);
        var lba = BinaryPrimitives.ReadUInt64LittleEndian(marker);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(marker[8..]);
        if (lba != grain * (ulong)(_grainBytes / 512)) throw Fail.Bad(ImagePath, $"VMDK grain marker at sector {s} names LBA {lba}, expected {grain * (ulong)(_grainBytes / 512)}");
        if (size == 0 || size > _grainBytes * 2L + 1024 || at + 12 + size > _file.Length) throw Fail.Bad(ImagePath, $"VMDK compressed grain at sector {s} has an invalid size {size}");
        var input = new byte[size];
        _file.Read(at + 12, input);
        var output = new byte[_grainBytes];
        try
        {
            using var z = new ZLibStream(new MemoryStream(input), CompressionMode.Decompress);
            int got = 0, n;
            while (got < output.Length && (n = z.Read(output, got, output.Length - got)) > 0) got += n;
            // the last grain may be short: the rest reads as zeros
        }
        catch (InvalidDataException ex) { throw Fail.Bad(ImagePath, $"VMDK compressed grain at sector {s} cannot be decompressed: {ex.Message}", ex); }
        return output;
    });

    public override void Dispose() => _file.Dispose();
}
