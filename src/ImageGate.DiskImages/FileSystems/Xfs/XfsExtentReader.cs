using System.Buffers.Binary;

namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>Reads an inode's data-fork extent list, from the inode itself or from its block-map btree.</summary>
internal static class XfsExtentReader
{
    /// <summary>No file maps more extents than this (bounds the memory a hostile image can demand).</summary>
    public const ulong MaxExtents = 4_000_000;

    private const uint BmapMagicV5 = 0x424D4133; // "BMA3"
    private const uint BmapMagicV4 = 0x424D4150; // "BMAP"
    private const int MaxLevels = 10;

    /// <summary>The extents of <paramref name="inode"/>, sorted and checked (in range, non-overlapping).</summary>
    public static XfsExtent[] Read(XfsFileSystem fs, XfsInode inode)
    {
        if (inode.ExtentCount > MaxExtents)
            throw fs.Bad($"inode {inode.Number} claims {inode.ExtentCount} extents (more than {MaxExtents} are refused)");
        var list = new List<XfsExtent>((int)Math.Min(inode.ExtentCount, 4096));
        switch (inode.Format)
        {
            case XfsForkFormat.Extents:
                if (inode.ExtentCount * 16 > (ulong)inode.DataFork.Length)
                    throw fs.Bad($"inode {inode.Number} claims {inode.ExtentCount} extents, more than its data fork holds");
                for (var i = 0; i < (int)inode.ExtentCount; i++)
                    list.Add(XfsExtent.Decode(inode.DataFork.AsSpan(i * 16, 16)));
                break;
            case XfsForkFormat.Btree:
                ReadBtree(fs, inode, list);
                break;
            default:
                throw fs.Bad($"inode {inode.Number} has no extent list (fork format {inode.Format})");
        }
        if ((ulong)list.Count != inode.ExtentCount)
            throw fs.Bad($"inode {inode.Number} claims {inode.ExtentCount} extents but its block map holds {list.Count}");
        var previousEnd = 0UL;
        foreach (var e in list)
        {
            if (e.BlockCount == 0)
                throw fs.Bad($"inode {inode.Number} has an empty extent at file block {e.FileBlock}");
            if (e.EndBlock > (ulong)(long.MaxValue >> fs.Superblock.BlockLog))
                throw fs.Bad($"inode {inode.Number} maps file block {e.FileBlock}, beyond any possible file size");
            if (e.FileBlock < previousEnd)
                throw fs.Bad($"inode {inode.Number} has overlapping or unsorted extents at file block {e.FileBlock}");
            fs.CheckBlockRange(e.StartBlock, e.BlockCount, $"extent of inode {inode.Number} at file block {e.FileBlock}");
            previousEnd = e.EndBlock;
        }
        return [.. list];
    }

    private static void ReadBtree(XfsFileSystem fs, XfsInode inode, List<XfsExtent> list)
    {
        var root = inode.DataFork.AsSpan();
        if (root.Length < 4 + 16)
            throw fs.Bad($"inode {inode.Number} has a block-map root too small to hold a record");
        int level = BinaryPrimitives.ReadUInt16BigEndian(root);
        int numRecs = BinaryPrimitives.ReadUInt16BigEndian(root[2..]);
        var maxRecs = (root.Length - 4) / 16;
        if (level is 0 or > MaxLevels || numRecs == 0 || numRecs > maxRecs)
            throw fs.Bad($"inode {inode.Number} has a damaged block-map root (level {level}, {numRecs} records, room for {maxRecs})");
        var visited = new HashSet<ulong>();
        for (var i = 0; i < numRecs; i++)
        {
            var ptr = BinaryPrimitives.ReadUInt64BigEndian(root[(4 + maxRecs * 8 + i * 8)..]);
            Descend(fs, inode, ptr, level - 1, visited, list);
        }
    }

    private static void Descend(XfsFileSystem fs, XfsInode inode, ulong block, int level, HashSet<ulong> visited, List<XfsExtent> list)
    {
        if (!visited.Add(block))
            throw fs.Bad($"block-map btree of inode {inode.Number} visits block {block} twice (loop)");
        var sb = fs.Superblock;
        var buf = fs.ReadBlocks(block, 1, $"block-map btree block of inode {inode.Number}");
        var span = buf.AsSpan();
        var header = sb.HasCrc ? 72 : 24;
        var magic = BinaryPrimitives.ReadUInt32BigEndian(span);
        if (magic != (sb.HasCrc ? BmapMagicV5 : BmapMagicV4))
            throw fs.Bad($"block-map btree block {block} of inode {inode.Number} has bad magic 0x{magic:x8}");
        if (sb.HasCrc)
        {
            if (!XfsCrc.Verify(span, 64))
                throw fs.Bad($"block-map btree block {block} of inode {inode.Number}: checksum (CRC32C) mismatch");
            var owner = BinaryPrimitives.ReadUInt64BigEndian(span[56..]);
            if (owner != inode.Number)
                throw fs.Bad($"block-map btree block {block} belongs to inode {owner}, not {inode.Number}");
        }
        int blockLevel = BinaryPrimitives.ReadUInt16BigEndian(span[4..]);
        int numRecs = BinaryPrimitives.ReadUInt16BigEndian(span[6..]);
        var maxRecs = (span.Length - header) / 16;
        if (blockLevel != level || numRecs == 0 || numRecs > maxRecs)
            throw fs.Bad($"block-map btree block {block} of inode {inode.Number} is damaged (level {blockLevel}, expected {level}; {numRecs} records)");
        if (level == 0)
        {
            if ((ulong)(list.Count + numRecs) > Math.Min(MaxExtents, inode.ExtentCount))
                throw fs.Bad($"block-map btree of inode {inode.Number} holds more extents than the inode claims ({inode.ExtentCount})");
            for (var i = 0; i < numRecs; i++)
                list.Add(XfsExtent.Decode(span.Slice(header + i * 16, 16)));
            return;
        }
        for (var i = 0; i < numRecs; i++)
        {
            var ptr = BinaryPrimitives.ReadUInt64BigEndian(span[(header + maxRecs * 8 + i * 8)..]);
            Descend(fs, inode, ptr, level - 1, visited, list);
        }
    }
}
