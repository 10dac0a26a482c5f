using System.Buffers.Binary;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>The data-fork formats of an XFS inode.</summary>
internal enum XfsForkFormat : byte
{
    Device = 0,
    Local = 1,
    Extents = 2,
    Btree = 3,
}

/// <summary>One decoded on-disk inode: the core fields the tree needs plus its data fork bytes.</summary>
internal sealed record XfsInode(ulong Number, int Mode, XfsForkFormat Format, uint Uid, uint Gid, uint LinkCount,
    long Size, ulong ExtentCount, DateTimeOffset ModifiedTime, byte[] DataFork)
{
    private const int TypeMask = 0xF000;

    /// <summary>The entry kind from the mode's type bits; null when the type is not a valid one.</summary>
    public EntryKind? Kind => (Mode & TypeMask) switch
    {
        0x8000 => EntryKind.File,
        0x4000 => EntryKind.Directory,
        0xA000 => EntryKind.Symlink,
        0x2000 => EntryKind.CharDevice,
        0x6000 => EntryKind.BlockDevice,
        0x1000 => EntryKind.Fifo,
        0xC000 => EntryKind.Socket,
        _ => null,
    };

    /// <summary>Decodes <paramref name="raw"/> (one inode of the superblock's inode size); returns null and a
    /// problem description when the inode is damaged.</summary>
    public static XfsInode? Parse(XfsSuperblock sb, ulong number, ReadOnlySpan<byte> raw, out string? problem)
    {
        problem = null;
        if (BinaryPrimitives.ReadUInt16BigEndian(raw) != 0x494E)
        {
            problem = "bad inode magic (expected IN)";
            return null;
        }
        var mode = BinaryPrimitives.ReadUInt16BigEndian(raw[2..]);
        var version = raw[4];
        var format = raw[5];
        if (sb.HasCrc ? version != 3 : version is not (1 or 2))
        {
            problem = $"inode version {version} is impossible on an XFS v{sb.Version} file system";
            return null;
        }
        if (sb.HasCrc)
        {
            if (!XfsCrc.Verify(raw, 100))
            {
                problem = "inode checksum (CRC32C) mismatch";
                return null;
            }
            var stamped = BinaryPrimitives.ReadUInt64BigEndian(raw[152..]);
            if (stamped != number)
            {
                problem = $"inode records number {stamped}";
                return null;
            }
        }
        if (mode == 0)
        {
            problem = "inode is free (mode 0)";
            return null;
        }
        var uid = BinaryPrimitives.ReadUInt32BigEndian(raw[8..]);
        var gid = BinaryPrimitives.ReadUInt32BigEndian(raw[12..]);
        uint nlink = version == 1 ? BinaryPrimitives.ReadUInt16BigEndian(raw[6..]) : BinaryPrimitives.ReadUInt32BigEndian(raw[16..]);
        var size = BinaryPrimitives.ReadInt64BigEndian(raw[56..]);
        var flags2 = sb.HasCrc ? BinaryPrimitives.ReadUInt64BigEndian(raw[120..]) : 0;
        var bigTimeInode = (flags2 & 0x8) != 0;
        var nrext64 = (flags2 & 0x10) != 0;
        var flags = BinaryPrimitives.ReadUInt16BigEndian(raw[90..]);
        var extents = nrext64 ? BinaryPrimitives.ReadUInt64BigEndian(raw[24..]) : BinaryPrimitives.ReadUInt32BigEndian(raw[76..]);
        var forkOff = raw[82];
        if (size < 0)
        {
            problem = $"negative size {size}";
            return null;
        }
        if ((flags & 0x1) != 0)
        {
            problem = "the file lives on the realtime device, which is not supported";
            return null;
        }
        var literal = sb.InodeSize - sb.InodeCoreSize;
        var dataForkSize = forkOff == 0 ? literal : forkOff * 8;
        if (dataForkSize > literal)
        {
            problem = $"attribute fork offset {forkOff} is beyond the inode";
            return null;
        }
        if (format > 3)
        {
            problem = $"unsupported data fork format {format}";
            return null;
        }
        var mtime = ReadTime(raw[40..], bigTimeInode && sb.BigTime);
        var fork = raw.Slice(sb.InodeCoreSize, dataForkSize).ToArray();
        return new XfsInode(number, mode, (XfsForkFormat)format, uid, gid, nlink, size, extents, mtime, fork);
    }

    private static DateTimeOffset ReadTime(ReadOnlySpan<byte> t, bool bigTime)
    {
        long seconds;
        long nanos;
        if (bigTime)
        {
            var ns = BinaryPrimitives.ReadUInt64BigEndian(t);
            seconds = (long)(ns / 1_000_000_000) - 2147483648L;
            nanos = (long)(ns % 1_000_000_000);
        }
        else
        {
            seconds = BinaryPrimitives.ReadInt32BigEndian(t);
            nanos = Math.Min(BinaryPrimitives.ReadUInt32BigEndian(t[4..]), 999_999_999u);
        }
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
    }
}
