using System.Buffers.Binary;
using System.Diagnostics;
using ImageGate.Core.Errors;
using ImageGate.DiskImages.Containers;
using ImageGate.DiskImages.FileSystems.Xfs;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.Tests.FileSystems.Xfs;

/// <summary>Locates structures of a clean image and reads a whole (possibly damaged) file system.</summary>
internal static class XfsDamage
{
    /// <summary>Opens, walks and reads every regular file; the outcome is success or <see cref="BadInputException"/>.</summary>
    public static void Exercise(VirtualDisk source, TimeSpan? limit = null, string? onlyPath = null)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var fs = XfsFileSystem.Open(source, "xfs under test");
            var buffer = new byte[1 << 16];
            var entries = onlyPath is null ? fs.Walk("/") : [fs.GetEntry(onlyPath)!];
            foreach (var e in entries)
            {
                if (e.Kind != EntryKind.File) continue;
                using var s = fs.OpenRead(e);
                while (s.Read(buffer) > 0) { }
            }
        }
        finally
        {
            var max = limit ?? TimeSpan.FromSeconds(20);
            Assert.True(watch.Elapsed < max, $"took {watch.Elapsed}, more than {max}");
        }
    }

    public static long InodeOffset(XfsFileSystem fs, long ino)
    {
        var sb = fs.Superblock;
        var n = (ulong)ino;
        var ag = n >> (sb.AgBlockLog + sb.InodesPerBlockLog);
        var agBlock = (n >> sb.InodesPerBlockLog) & ((1UL << sb.AgBlockLog) - 1);
        var index = n & ((1UL << sb.InodesPerBlockLog) - 1);
        return ((long)(ag * sb.AgBlocks + agBlock) << sb.BlockLog) + ((long)index << sb.InodeLog);
    }

    public static long InodeOffset(XfsFileSystem fs, string path) => InodeOffset(fs, fs.GetEntry(path)!.NodeId);

    public static XfsExtent[] Extents(XfsFileSystem fs, string path) => XfsExtentReader.Read(fs, fs.ReadInode((ulong)fs.GetEntry(path)!.NodeId));

    public static long BlockOffset(XfsFileSystem fs, ulong fsBlock) => fs.CheckBlockRange(fsBlock, 1, "test");

    /// <summary>Encodes an extent record (the inverse of <see cref="XfsExtent.Decode"/>).</summary>
    public static byte[] Encode(XfsExtent e)
    {
        var b = new byte[16];
        var l0 = ((e.Unwritten ? 1UL : 0) << 63) | (e.FileBlock << 9) | (e.StartBlock >> 43);
        var l1 = (e.StartBlock << 21) | e.BlockCount;
        BinaryPrimitives.WriteUInt64BigEndian(b, l0);
        BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(8), l1);
        return b;
    }

    /// <summary>The offset inside a shortform directory fork where <paramref name="name"/>'s inode number is stored.</summary>
    public static int ShortformInodeField(XfsFileSystem fs, byte[] fork, string name)
    {
        var inoSize = fork[1] > 0 ? 8 : 4;
        var p = 2 + inoSize;
        for (var i = 0; i < Math.Max(fork[0], fork[1]); i++)
        {
            int len = fork[p];
            var entryName = System.Text.Encoding.UTF8.GetString(fork, p + 3, len);
            var inoAt = p + 3 + len + (fs.Superblock.HasFileType ? 1 : 0);
            if (entryName == name) return inoAt;
            p = inoAt + inoSize;
        }
        throw new InvalidOperationException($"no entry {name}");
    }
}
