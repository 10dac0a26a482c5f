using System.Buffers.Binary;
using System.Text;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>
/// Reads XFS version 2/3 directories: shortform (in the inode) and block, leaf and node form, whose entries all
/// live in the data blocks below the 32 GiB leaf offset; those are read linearly, the hash index is not needed.
/// </summary>
internal static class XfsDirectoryReader
{
    private const long LeafOffset = 32L << 30;
    private const uint BlockMagicV5 = 0x58444233; // XDB3
    private const uint DataMagicV5 = 0x58444433;  // XDD3
    private const uint BlockMagicV4 = 0x58443242; // XD2B
    private const uint DataMagicV4 = 0x58443244;  // XD2D

    /// <summary>The entries of <paramref name="dir"/> other than "." and "..", sorted by name (ordinal).</summary>
    public static XfsDirectoryEntry[] Read(XfsFileSystem fs, XfsInode dir)
    {
        if (dir.Kind != EntryKind.Directory)
            throw fs.Bad($"inode {dir.Number} is not a directory");
        var list = dir.Format switch
        {
            XfsForkFormat.Local => ReadShortForm(fs, dir),
            XfsForkFormat.Extents or XfsForkFormat.Btree => ReadBlocks(fs, dir),
            _ => throw fs.Bad($"directory inode {dir.Number} has data fork format {dir.Format}"),
        };
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 1; i < list.Count; i++)
            if (list[i].Name == list[i - 1].Name)
                throw fs.Bad($"directory inode {dir.Number} holds the name '{list[i].Name}' twice");
        return [.. list];
    }

    private static string Name(XfsFileSystem fs, XfsInode dir, ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 0 || raw.IndexOf((byte)'/') >= 0 || raw.IndexOf((byte)0) >= 0)
            throw fs.Bad($"directory inode {dir.Number} holds an invalid name");
        return Encoding.UTF8.GetString(raw);
    }

    private static List<XfsDirectoryEntry> ReadShortForm(XfsFileSystem fs, XfsInode dir)
    {
        var fork = dir.DataFork.AsSpan();
        if (dir.Size < 6 || dir.Size > fork.Length)
            throw fs.Bad($"shortform directory inode {dir.Number} has impossible size {dir.Size}");
        var data = fork[..(int)dir.Size];
        int count = data[0];
        int count8 = data[1];
        var inoSize = count8 > 0 ? 8 : 4;
        var p = 2 + inoSize;
        var ftype = fs.Superblock.HasFileType ? 1 : 0;
        var list = new List<XfsDirectoryEntry>(Math.Max(count, count8));
        for (var i = 0; i < Math.Max(count, count8); i++)
        {
            if (p + 3 > data.Length)
                throw fs.Bad($"shortform directory inode {dir.Number} is truncated at entry {i}");
            int nameLength = data[p];
            var end = p + 3 + nameLength + ftype + inoSize;
            if (nameLength == 0 || end > data.Length)
                throw fs.Bad($"shortform directory inode {dir.Number} has a damaged entry {i}");
            var name = Name(fs, dir, data.Slice(p + 3, nameLength));
            var inoAt = data[(p + 3 + nameLength + ftype)..];
            var ino = inoSize == 8 ? BinaryPrimitives.ReadUInt64BigEndian(inoAt) : BinaryPrimitives.ReadUInt32BigEndian(inoAt);
            if (name is not ("." or ".."))
                list.Add(new XfsDirectoryEntry(name, ino));
            p = end;
        }
        return list;
    }

    private static List<XfsDirectoryEntry> ReadBlocks(XfsFileSystem fs, XfsInode dir)
    {
        var sb = fs.Superblock;
        var extents = XfsExtentReader.Read(fs, dir);
        var leafBlock = (ulong)(LeafOffset >> sb.BlockLog);
        var perDirBlock = 1UL << sb.DirBlockLog;
        var dirBlocks = new List<ulong>();
        foreach (var e in extents)
        {
            if (e.FileBlock >= leafBlock) break;
            var first = e.FileBlock >> sb.DirBlockLog;
            var last = (Math.Min(e.EndBlock, leafBlock) - 1) >> sb.DirBlockLog;
            if (dir.Size > LeafOffset || (long)(last + 1) * sb.DirBlockSize > dir.Size)
                throw fs.Bad($"directory inode {dir.Number} maps data blocks beyond its size {dir.Size}");
            for (var d = first; d <= last; d++)
                if (dirBlocks.Count == 0 || dirBlocks[^1] != d)
                    dirBlocks.Add(d);
        }
        var list = new List<XfsDirectoryEntry>();
        var buffer = new byte[sb.DirBlockSize];
        foreach (var d in dirBlocks)
        {
            for (var k = 0UL; k < perDirBlock; k++)
            {
                var fileBlock = d * perDirBlock + k;
                var physical = Map(extents, fileBlock)
                    ?? throw fs.Bad($"directory inode {dir.Number} has a hole inside directory block {d}");
                var offset = fs.CheckBlockRange(physical, 1, $"directory inode {dir.Number}");
                fs.ReadAt(offset, buffer.AsSpan((int)k << sb.BlockLog, sb.BlockSize));
            }
            ParseDataBlock(fs, dir, buffer, d, dirBlocks.Count, list);
        }
        return list;
    }

    private static ulong? Map(XfsExtent[] extents, ulong fileBlock)
    {
        var lo = 0;
        var hi = extents.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var e = extents[mid];
            if (fileBlock < e.FileBlock) hi = mid - 1;
            else if (fileBlock >= e.EndBlock) lo = mid + 1;
            else return e.Unwritten ? null : e.StartBlock + (fileBlock - e.FileBlock);
        }
        return null;
    }

    private static void ParseDataBlock(XfsFileSystem fs, XfsInode dir, byte[] block, ulong index, int blockCount, List<XfsDirectoryEntry> list)
    {
        var sb = fs.Superblock;
        var span = block.AsSpan();
        var magic = BinaryPrimitives.ReadUInt32BigEndian(span);
        var isBlockForm = magic == (sb.HasCrc ? BlockMagicV5 : BlockMagicV4);
        if (!isBlockForm && magic != (sb.HasCrc ? DataMagicV5 : DataMagicV4))
            throw fs.Bad($"directory inode {dir.Number}, block {index}: bad magic 0x{magic:x8}");
        if (isBlockForm && (index != 0 || blockCount != 1))
            throw fs.Bad($"directory inode {dir.Number}: a single-block directory header in block {index} of {blockCount}");
        var header = sb.HasCrc ? 64 : 16;
        if (sb.HasCrc)
        {
            if (!XfsCrc.Verify(span, 4))
                throw fs.Bad($"directory inode {dir.Number}, block {index}: checksum (CRC32C) mismatch");
            var owner = BinaryPrimitives.ReadUInt64BigEndian(span[40..]);
            if (owner != dir.Number)
                throw fs.Bad($"directory inode {dir.Number}, block {index} belongs to inode {owner}");
        }
        var end = span.Length;
        if (isBlockForm)
        {
            var count = BinaryPrimitives.ReadUInt32BigEndian(span[^8..]);
            if (count > (uint)(span.Length - header - 8) / 8)
                throw fs.Bad($"directory inode {dir.Number}: block tail claims {count} leaf entries");
            end = span.Length - 8 - (int)count * 8;
        }
        var ftype = sb.HasFileType ? 1 : 0;
        var p = header;
        while (p < end)
        {
            if (p + 8 > end)
                throw fs.Bad($"directory inode {dir.Number}, block {index}: entry at {p} runs past the data area");
            if (BinaryPrimitives.ReadUInt16BigEndian(span[p..]) == 0xFFFF)
            {
                int length = BinaryPrimitives.ReadUInt16BigEndian(span[(p + 2)..]);
                if (length < 8 || length % 8 != 0 || p + length > end)
                    throw fs.Bad($"directory inode {dir.Number}, block {index}: free space at {p} has impossible length {length}");
                p += length;
                continue;
            }
            var ino = BinaryPrimitives.ReadUInt64BigEndian(span[p..]);
            int nameLength = span[p + 8];
            var size = (8 + 1 + nameLength + ftype + 2 + 7) & ~7;
            if (nameLength == 0 || p + size > end)
                throw fs.Bad($"directory inode {dir.Number}, block {index}: damaged entry at {p}");
            var tag = BinaryPrimitives.ReadUInt16BigEndian(span[(p + size - 2)..]);
            if (tag != p)
                throw fs.Bad($"directory inode {dir.Number}, block {index}: entry at {p} has tag {tag}");
            var name = Name(fs, dir, span.Slice(p + 9, nameLength));
            if (name is not ("." or ".."))
                list.Add(new XfsDirectoryEntry(name, ino));
            p += size;
        }
    }
}
