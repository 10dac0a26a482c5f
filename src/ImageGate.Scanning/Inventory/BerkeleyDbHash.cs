using System.Buffers.Binary;
using ImageGate.Core.Errors;

namespace ImageGate.Scanning.Inventory;

/// <summary>
/// A read-only reader of a Berkeley DB hash database (format versions 8 and 9, as written by Berkeley DB 4.x and
/// 5.x, e.g. rpm's <c>/var/lib/rpm/Packages</c> on EL7/8), in either byte order. It walks every bucket from the
/// hash metadata (bucket → page through the <c>spares</c> table), follows each bucket's chain of hash pages and
/// gathers off-page items from their overflow-page chains. Every page is visited at most once and every count is
/// checked against the page and file sizes, so damaged or hostile files end in a <see cref="BadInputException"/>
/// naming the file within bounded time and memory. Encrypted or checksummed databases and duplicate items
/// (which rpm never writes) are refused.
/// </summary>
internal sealed class BerkeleyDbHash
{
    private const uint HashMagic = 0x061561, BtreeMagic = 0x053162, QueueMagic = 0x042253;
    private const int PageHeaderSize = 26;
    private const byte PageInvalid = 0, PageHashUnsorted = 2, PageOverflow = 7, PageHashMeta = 8, PageHash = 13;
    private const byte ItemKeyData = 1, ItemDuplicate = 2, ItemOffPage = 3, ItemOffDuplicate = 4;

    /// <summary>The largest single item this reader assembles (rpm refuses headers above 256 MiB too).</summary>
    public const int MaxItemBytes = 256 << 20;

    private readonly Stream _stream;
    private readonly string _source;
    private readonly bool _bigEndian;
    private readonly HashSet<uint> _visited = [];
    private readonly byte[] _page;

    private BerkeleyDbHash(Stream stream, string source, bool bigEndian, int pageSize, uint lastPage, uint maxBucket, uint[] spares)
    {
        _stream = stream;
        _source = source;
        _bigEndian = bigEndian;
        PageSize = pageSize;
        LastPage = lastPage;
        MaxBucket = maxBucket;
        Spares = spares;
        _page = new byte[pageSize];
    }

    /// <summary>Bytes per page.</summary>
    public int PageSize { get; }

    /// <summary>The number of the last page (the metadata page is page 0).</summary>
    public uint LastPage { get; }

    /// <summary>The highest bucket in use.</summary>
    public uint MaxBucket { get; }

    /// <summary>True when the file was written big-endian.</summary>
    public bool BigEndian => _bigEndian;

    private uint[] Spares { get; }

    /// <summary>Opens the database in a seekable <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    public static BerkeleyDbHash Open(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek || !stream.CanRead) throw new ArgumentException("the stream must be readable and seekable", nameof(stream));
        var length = stream.Length;
        if (length < 512) throw new BadInputException($"Berkeley DB file is truncated ({length} bytes, the metadata page alone needs 512)", source);
        var meta = new byte[512];
        stream.Position = 0;
        stream.ReadExactly(meta);
        var magicLe = BinaryPrimitives.ReadUInt32LittleEndian(meta.AsSpan(12));
        var magicBe = BinaryPrimitives.ReadUInt32BigEndian(meta.AsSpan(12));
        bool big;
        if (magicLe == HashMagic) big = false;
        else if (magicBe == HashMagic) big = true;
        else if (magicLe is BtreeMagic or QueueMagic || magicBe is BtreeMagic or QueueMagic)
            throw new BadInputException("is a Berkeley DB btree or queue database, not the hash database rpm writes", source);
        else throw new BadInputException($"not a Berkeley DB hash database (bad magic 0x{magicLe:x8})", source);
        uint U32(int offset) => big ? BinaryPrimitives.ReadUInt32BigEndian(meta.AsSpan(offset)) : BinaryPrimitives.ReadUInt32LittleEndian(meta.AsSpan(offset));

        var version = U32(16);
        if (version is < 8 or > 10) throw new BadInputException($"Berkeley DB hash version {version} is not supported (8 to 10 are)", source);
        var pageSize = U32(20);
        if (pageSize is < 512 or > 65536 || (pageSize & (pageSize - 1)) != 0)
            throw new BadInputException($"Berkeley DB page size {pageSize} is not a power of two from 512 to 65536", source);
        if (meta[24] != 0) throw new BadInputException("Berkeley DB database is encrypted", source);
        if (meta[25] != PageHashMeta) throw new BadInputException($"Berkeley DB metadata page has type {meta[25]}, not hash metadata", source);
        if ((meta[26] & 0x01) != 0) throw new BadInputException("Berkeley DB database has page checksums, which this reader does not support", source);
        var lastPage = U32(32);
        var pagesInFile = length / pageSize;
        if (lastPage >= pagesInFile)
            throw new BadInputException($"Berkeley DB file is truncated: the metadata names {(long)lastPage + 1} pages of {pageSize} bytes, the file holds {pagesInFile}", source);
        var maxBucket = U32(72);
        if (maxBucket >= lastPage) throw new BadInputException($"Berkeley DB hash metadata names {(long)maxBucket + 1} buckets, more than the {lastPage} pages after the metadata", source);
        var spares = new uint[32];
        for (var i = 0; i < spares.Length; i++) spares[i] = U32(96 + 4 * i);
        return new BerkeleyDbHash(stream, source, big, (int)pageSize, lastPage, maxBucket, spares);
    }

    /// <summary>Every key/data pair of the database, bucket by bucket; the arrays belong to the caller.</summary>
    public IEnumerable<(byte[] Key, byte[] Data)> Items()
    {
        _visited.Clear();
        for (uint bucket = 0; bucket <= MaxBucket; bucket++)
        {
            var log2 = Log2(bucket + 1);
            if (log2 >= Spares.Length) throw new BadInputException($"Berkeley DB bucket {bucket} is beyond the spares table", _source);
            var page = (long)bucket + Spares[log2];
            if (page < 1 || page > LastPage)
                throw new BadInputException($"Berkeley DB bucket {bucket} maps to page {page}, outside pages 1 to {LastPage}", _source);
            var pgno = (uint)page;
            var first = true;
            while (pgno != 0)
            {
                ReadPage(pgno);
                var type = _page[25];
                var stored = U32(_page, 8);
                if (first && type == PageInvalid && stored == 0)
                    break; // a bucket page allocated by a table doubling but never written: an empty bucket
                if (type is not (PageHash or PageHashUnsorted))
                    throw new BadInputException($"Berkeley DB page {pgno} in the chain of bucket {bucket} has type {type}, not a hash page", _source);
                if (stored != pgno) throw new BadInputException($"Berkeley DB page {pgno} says it is page {stored}", _source);
                var next = U32(_page, 16);
                foreach (var pair in PagePairs(pgno)) yield return pair;
                pgno = next;
                first = false;
            }
        }
    }

    private List<(byte[] Key, byte[] Data)> PagePairs(uint pgno)
    {
        // Copy the page's item descriptions first: overflow reads reuse the page buffer.
        var entries = U16(_page, 20);
        if (entries % 2 != 0) throw new BadInputException($"Berkeley DB hash page {pgno} has an odd number of items ({entries})", _source);
        var indexEnd = PageHeaderSize + 2 * entries;
        if (indexEnd > PageSize) throw new BadInputException($"Berkeley DB hash page {pgno} claims {entries} items, more than fit in a page", _source);
        var items = new (byte Type, int Offset, int Length)[entries];
        for (var i = 0; i < entries; i++)
        {
            int offset = U16(_page, PageHeaderSize + 2 * i);
            var end = i == 0 ? PageSize : U16(_page, PageHeaderSize + 2 * (i - 1));
            if (offset < indexEnd || offset >= end || end > PageSize)
                throw new BadInputException($"Berkeley DB hash page {pgno} item {i} lies outside the page's item area", _source);
            items[i] = (_page[offset], offset, end - offset);
        }
        var inline = new byte[entries][];
        for (var i = 0; i < entries; i++)
        {
            var (type, offset, length) = items[i];
            switch (type)
            {
                case ItemKeyData:
                    inline[i] = _page.AsSpan(offset + 1, length - 1).ToArray();
                    break;
                case ItemOffPage:
                    if (length < 12) throw new BadInputException($"Berkeley DB hash page {pgno} item {i} is too short for an off-page reference", _source);
                    break;
                case ItemDuplicate or ItemOffDuplicate:
                    throw new BadInputException($"Berkeley DB hash page {pgno} holds duplicate items, which rpm databases never have", _source);
                default:
                    throw new BadInputException($"Berkeley DB hash page {pgno} item {i} has unknown type {type}", _source);
            }
        }
        var offPage = items.Select(it => it.Type == ItemOffPage ? (U32(_page, it.Offset + 4), U32(_page, it.Offset + 8)) : (0u, 0u)).ToArray();
        var pairs = new List<(byte[], byte[])>(entries / 2);
        for (var i = 0; i < entries; i += 2)
        {
            var key = inline[i] ?? ReadOverflow(offPage[i].Item1, offPage[i].Item2, pgno);
            var data = inline[i + 1] ?? ReadOverflow(offPage[i + 1].Item1, offPage[i + 1].Item2, pgno);
            pairs.Add((key, data));
        }
        return pairs;
    }

    private byte[] ReadOverflow(uint first, uint totalLength, uint from)
    {
        var capacity = (long)(LastPage) * (PageSize - PageHeaderSize);
        if (totalLength > MaxItemBytes || totalLength > capacity)
            throw new BadInputException($"Berkeley DB hash page {from} names an off-page item of {totalLength} bytes, more than the file can hold", _source);
        var data = new byte[totalLength];
        var filled = 0;
        var pgno = first;
        while (filled < data.Length)
        {
            if (pgno == 0) throw new BadInputException($"Berkeley DB overflow chain from page {first} ends after {filled} of {totalLength} bytes", _source);
            ReadPage(pgno);
            if (_page[25] != PageOverflow) throw new BadInputException($"Berkeley DB page {pgno} should be an overflow page but has type {_page[25]}", _source);
            int length = U16(_page, 22);
            if (length > PageSize - PageHeaderSize || length > data.Length - filled || length == 0)
                throw new BadInputException($"Berkeley DB overflow page {pgno} holds an impossible length ({length})", _source);
            _page.AsSpan(PageHeaderSize, length).CopyTo(data.AsSpan(filled));
            filled += length;
            pgno = U32(_page, 16);
        }
        return data;
    }

    private void ReadPage(uint pgno)
    {
        if (pgno == 0 || pgno > LastPage) throw new BadInputException($"Berkeley DB page reference {pgno} is outside pages 1 to {LastPage}", _source);
        if (!_visited.Add(pgno)) throw new BadInputException($"Berkeley DB page {pgno} is reached twice (a cycle or crossed page chains)", _source);
        _stream.Position = (long)pgno * PageSize;
        _stream.ReadExactly(_page);
    }

    private static int Log2(uint n)
    {
        var i = 0;
        for (ulong limit = 1; limit < n; limit <<= 1) i++;
        return i;
    }

    private uint U32(byte[] b, int offset) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(offset)) : BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(offset));

    private ushort U16(byte[] b, int offset) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(offset)) : BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(offset));
}
