using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using ImageGate.DiskImages.Internal;

namespace ImageGate.DiskImages.Containers;

/// <summary>QEMU copy-on-write v2/v3: two-level cluster tables, zero and compressed clusters, backing files.</summary>
internal sealed class Qcow2Disk : VirtualDisk
{
    private const ulong OffsetMask = 0x00FF_FFFF_FFFF_FE00UL;
    private readonly ImageFile _file;
    private readonly VirtualDisk? _backing;
    private readonly long _size;
    private readonly int _clusterBits;
    private readonly int _clusterSize;
    private readonly int _l2Bits;
    private readonly ulong[] _l1;
    private readonly int _version;
    private readonly bool _zstd;
    private readonly BoundedCache<ulong> _l2Cache;
    private readonly BoundedCache<ulong> _compressedCache;

    public Qcow2Disk(ImageFile file, DiskImageOptions options, Func<string, VirtualDisk> openBacking)
    {
        _file = file;
        var path = file.ImagePath;
        Span<byte> h = stackalloc byte[512];
        if (file.Length < 72) throw Fail.Bad(path, "qcow2 header is truncated");
        h.Clear();
        file.ReadUpTo(0, h);
        _version = (int)BinaryPrimitives.ReadUInt32BigEndian(h[4..]);
        if (_version is not (2 or 3)) throw Fail.Bad(path, $"qcow2 version {_version} is not supported (2 or 3)");
        var backingOffset = BinaryPrimitives.ReadUInt64BigEndian(h[8..]);
        var backingSize = BinaryPrimitives.ReadUInt32BigEndian(h[16..]);
        _clusterBits = (int)BinaryPrimitives.ReadUInt32BigEndian(h[20..]);
        var size = BinaryPrimitives.ReadUInt64BigEndian(h[24..]);
        var crypt = BinaryPrimitives.ReadUInt32BigEndian(h[32..]);
        var l1Size = BinaryPrimitives.ReadUInt32BigEndian(h[36..]);
        var l1Offset = BinaryPrimitives.ReadUInt64BigEndian(h[40..]);
        var headerLength = 72u;
        if (_clusterBits is < 9 or > 21) throw Fail.Bad(path, $"qcow2 cluster_bits {_clusterBits} is outside 9..21");
        _clusterSize = 1 << _clusterBits;
        if (crypt != 0) throw Fail.Bad(path, "qcow2 image is encrypted; encrypted images are refused (the scan must see plain bytes)");
        if (size > (ulong)options.MaxVirtualSize) throw Fail.Bad(path, $"qcow2 virtual size {size} exceeds the limit {options.MaxVirtualSize}");
        _size = (long)size;
        if (_version == 3)
        {
            if (file.Length < 104) throw Fail.Bad(path, "qcow2 v3 header is truncated");
            var incompatible = BinaryPrimitives.ReadUInt64BigEndian(h[72..]);
            headerLength = BinaryPrimitives.ReadUInt32BigEndian(h[100..]);
            if (headerLength < 104 || headerLength > 512 || headerLength > _clusterSize) throw Fail.Bad(path, $"qcow2 header length {headerLength} is invalid");
            if ((incompatible & 2) != 0) throw Fail.Bad(path, "qcow2 image is marked corrupt");
            if ((incompatible & 4) != 0) throw Fail.Bad(path, "qcow2 image uses an external data file; refused (only the image file itself is read)");
            if ((incompatible & 16) != 0) throw Fail.Bad(path, "qcow2 extended L2 entries (subclusters) are not supported");
            if ((incompatible & 8) != 0)
            {
                if (headerLength < 105) throw Fail.Bad(path, "qcow2 compression-type bit set but the header has no compression type");
                _zstd = h[104] switch
                {
                    0 => false,
                    1 => true,
                    var t => throw Fail.Bad(path, $"qcow2 compression type {t} is unknown"),
                };
            }
            if ((incompatible & ~0x1FUL) != 0) throw Fail.Bad(path, $"qcow2 has unknown incompatible features 0x{incompatible:x}");
        }
        // header extensions
        var extOffset = (long)headerLength;
        Span<byte> eh = stackalloc byte[8];
        for (var n = 0; n < 64 && extOffset + 8 <= Math.Min(file.Length, _clusterSize); n++)
        {
            file.Read(extOffset, eh);
            var type = BinaryPrimitives.ReadUInt32BigEndian(eh);
            var len = BinaryPrimitives.ReadUInt32BigEndian(eh[4..]);
            if (type == 0) break;
            if (len > _clusterSize) throw Fail.Bad(path, $"qcow2 header extension 0x{type:x} is {len} bytes long");
            if (type == 0x44415441) throw Fail.Bad(path, "qcow2 image uses an external data file; refused (only the image file itself is read)");
            if (type == 0x0537be77) throw Fail.Bad(path, "qcow2 image is encrypted (LUKS); encrypted images are refused");
            extOffset += 8 + ((len + 7) & ~7u);
        }
        // L1 table
        var l2Entries = _clusterSize / 8;
        _l2Bits = _clusterBits - 3;
        var bytesPerL1 = (ulong)_clusterSize * (ulong)l2Entries;
        var needed = (size + bytesPerL1 - 1) / bytesPerL1;
        if (l1Size < needed) throw Fail.Bad(path, $"qcow2 L1 table has {l1Size} entries, {needed} are needed for {size} bytes");
        if ((ulong)l1Size * 8 > (ulong)options.MaxTableBytes) throw Fail.Bad(path, $"qcow2 L1 table of {l1Size} entries exceeds the limit");
        if (l1Offset % (ulong)_clusterSize != 0 || l1Offset > (ulong)file.Length) throw Fail.Bad(path, $"qcow2 L1 table offset {l1Offset} is invalid");
        _l1 = new ulong[needed];
        var l1Bytes = new byte[needed * 8];
        file.Read((long)l1Offset, l1Bytes);
        for (var i = 0; i < _l1.Length; i++)
        {
            var e = BinaryPrimitives.ReadUInt64BigEndian(l1Bytes.AsSpan(i * 8)) & OffsetMask;
            if (e % (ulong)_clusterSize != 0) throw Fail.Bad(path, $"qcow2 L1 entry {i} points at unaligned offset {e}");
            if (e != 0 && e + (ulong)_clusterSize > (ulong)file.Length) throw Fail.Bad(path, $"qcow2 L1 entry {i} points past the end of the file ({e})");
            _l1[i] = e;
        }
        _l2Cache = new BoundedCache<ulong>(options.CacheBytes);
        _compressedCache = new BoundedCache<ulong>(Math.Min(options.CacheBytes, 8L << 20));
        // backing file
        if (backingOffset != 0)
        {
            if (backingSize == 0 || backingSize > 1023) throw Fail.Bad(path, $"qcow2 backing file name length {backingSize} is invalid");
            var name = new byte[backingSize];
            if (backingOffset > (ulong)file.Length) throw Fail.Bad(path, "qcow2 backing file name is past the end of the file");
            file.Read((long)backingOffset, name);
            var reference = System.Text.Encoding.UTF8.GetString(name);
            var resolved = NeighbourFiles.Resolve(path, reference, options, "qcow2 backing file");
            _backing = openBacking(resolved);
        }
    }

    public override string ImagePath => _file.ImagePath;
    public override long Length => _size;
    public override long BytesRead => _file.BytesRead + (_backing?.BytesRead ?? 0);
    public VirtualDisk? Backing => _backing;

    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var cluster = (ulong)offset >> _clusterBits;
            var within = (int)(offset & (_clusterSize - 1));
            var chunk = Math.Min(buffer.Length, _clusterSize - within);
            var entry = L2Entry(cluster);
            if ((entry & (1UL << 62)) != 0)
            {
                var data = Decompressed(entry);
                data.AsSpan(within, chunk).CopyTo(buffer);
            }
            else
            {
                var host = entry & OffsetMask;
                if ((entry & 1) != 0 && _version == 3) buffer[..chunk].Clear();
                else if (host == 0)
                {
                    if (_backing is null) buffer[..chunk].Clear();
                    else ReadBacking(offset, buffer[..chunk]);
                }
                else
                {
                    if (host % (ulong)_clusterSize != 0) throw Fail.Bad(ImagePath, $"qcow2 L2 entry for cluster {cluster} points at unaligned offset {host}");
                    // merge following clusters that are contiguous on the host
                    while (chunk < buffer.Length)
                    {
                        var next = L2Entry(cluster + (ulong)((within + chunk) >> _clusterBits));
                        if ((next & (1UL << 62)) != 0 || (next & 1) != 0 || (next & OffsetMask) != host + (ulong)(within + chunk)) break;
                        chunk = Math.Min(buffer.Length, chunk + _clusterSize);
                    }
                    _file.Read((long)host + within, buffer[..chunk]);
                }
            }
            buffer = buffer[chunk..];
            offset += chunk;
        }
    }

    private void ReadBacking(long offset, Span<byte> buffer)
    {
        var avail = Math.Max(0, Math.Min(buffer.Length, _backing!.Length - offset));
        if (avail > 0) _backing.Read(offset, buffer[..(int)avail]);
        buffer[(int)avail..].Clear();
    }

    private ulong L2Entry(ulong cluster)
    {
        var l1Index = cluster >> _l2Bits;
        if (l1Index >= (ulong)_l1.Length) throw Fail.Bad(ImagePath, $"qcow2 cluster {cluster} is outside the L1 table");
        var l2Offset = _l1[l1Index];
        if (l2Offset == 0) return 0;
        var table = _l2Cache.GetOrAdd(l2Offset, o =>
        {
            var t = new byte[_clusterSize];
            _file.Read((long)o, t);
            return t;
        });
        var index = (int)(cluster & ((1UL << _l2Bits) - 1));
        return BinaryPrimitives.ReadUInt64BigEndian(table.AsSpan(index * 8));
    }

    private byte[] Decompressed(ulong entry) => _compressedCache.GetOrAdd(entry, e =>
    {
        var x = 62 - (_clusterBits - 8);
        var host = e & ((1UL << x) - 1);
        var sectors = ((e >> x) & ((1UL << (_clusterBits - 8)) - 1)) + 1;
        var length = (long)(sectors * 512 - (host & 511));
        if (host >= (ulong)_file.Length) throw Fail.Bad(ImagePath, $"qcow2 compressed cluster at {host} is past the end of the file");
        length = Math.Min(length, _file.Length - (long)host);
        var input = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            _file.Read((long)host, input.AsSpan(0, (int)length));
            var output = new byte[_clusterSize];
            var got = 0;
            try
            {
                using var ms = new MemoryStream(input, 0, (int)length);
                using Stream d = _zstd ? new ZstdSharp.DecompressionStream(ms) : new DeflateStream(ms, CompressionMode.Decompress);
                int n;
                while (got < output.Length && (n = d.Read(output, got, output.Length - got)) > 0) got += n;
            }
            catch (Exception ex) when (ex is InvalidDataException or ZstdSharp.ZstdException or ArgumentException)
            {
                throw Fail.Bad(ImagePath, $"qcow2 compressed cluster at {host} cannot be decompressed: {ex.Message}", ex);
            }
            if (got != _clusterSize) throw Fail.Bad(ImagePath, $"qcow2 compressed cluster at {host} decompresses to {got} bytes, not {_clusterSize}");
            return output;
        }
        finally { ArrayPool<byte>.Shared.Return(input); }
    });

    public override void Dispose()
    {
        _backing?.Dispose();
        _file.Dispose();
    }
}
