using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using ImageGate.DiskImages.Containers;
using ImageGate.DiskImages.Internal;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems.Ext;

/// <summary>A read-only ext2/3/4 file system: superblock, group descriptors (32/64-bit, meta_bg), inodes of any size,
/// extent trees and indirect blocks, inline data, linear and hashed directories (read linearly), symlinks, devices.</summary>
internal sealed class ExtFileSystem : IFileSystem
{
    private const uint RootInode = 2;
    private readonly VirtualDisk _disk;
    private readonly DiskImageOptions _options;
    private readonly string _image;
    private readonly BoundedCache<long> _blocks;
    private readonly ConcurrentDictionary<uint, IReadOnlyList<(string Name, uint Inode)>> _dirs = new();
    private long _dirCacheEntries;
    private readonly uint _firstDataBlock;
    private readonly uint _blocksPerGroup;
    private readonly uint _groups;
    private readonly int _descSize;
    private readonly bool _metaBg;
    private readonly uint _firstMetaBg;
    private readonly bool _sparseSuper;
    private readonly bool _hasFileType;
    private readonly bool _hugeFile;

    public ExtFileSystem(VirtualDisk disk, string description, DiskImageOptions options)
    {
        _disk = disk;
        _options = options;
        _image = disk.ImagePath;
        Description = description;
        var sb = new byte[1024];
        if (disk.Length < 2048) throw Bad("volume is too small for an ext superblock");
        disk.Read(1024, sb);
        if (BinaryPrimitives.ReadUInt16LittleEndian(sb.AsSpan(56)) != 0xEF53) throw Bad("bad superblock magic");
        InodesCount = U32(sb, 0);
        var blocksLo = U32(sb, 4);
        _firstDataBlock = U32(sb, 20);
        var logBlock = U32(sb, 24);
        _blocksPerGroup = U32(sb, 32);
        InodesPerGroup = U32(sb, 40);
        var rev = U32(sb, 76);
        var incompat = U32(sb, 96);
        var roCompat = U32(sb, 100);
        if (logBlock > 6) throw Bad($"block size 2^(10+{logBlock}) is impossible");
        BlockSize = 1024 << (int)logBlock;
        InodeSize = rev == 0 ? 128 : BinaryPrimitives.ReadUInt16LittleEndian(sb.AsSpan(88));
        if (InodeSize < 128 || InodeSize > BlockSize || (InodeSize & (InodeSize - 1)) != 0) throw Bad($"inode size {InodeSize} is invalid");
        const uint known = 0x2 | 0x4 | 0x10 | 0x40 | 0x80 | 0x100 | 0x200 | 0x400 | 0x2000 | 0x4000 | 0x8000 | 0x10000 | 0x20000;
        if ((incompat & 0x1) != 0) throw Bad("uses the compression feature, which is not supported");
        if ((incompat & 0x8) != 0) throw Bad("is an external journal device, not a file system");
        if ((incompat & 0x1000) != 0) throw Bad("uses the dirdata feature, which is not supported");
        if ((incompat & ~known) != 0) throw Bad($"has unknown incompatible features 0x{incompat & ~known:x}");
        _hasFileType = (incompat & 0x2) != 0;
        _metaBg = (incompat & 0x10) != 0;
        var is64 = (incompat & 0x80) != 0;
        _sparseSuper = (roCompat & 0x1) != 0;
        _hugeFile = (roCompat & 0x8) != 0;
        BlocksCount = blocksLo | (is64 ? (long)U32(sb, 336) << 32 : 0);
        _descSize = is64 ? BinaryPrimitives.ReadUInt16LittleEndian(sb.AsSpan(254)) : 32;
        if (_descSize < 32 || _descSize > 1024 || (_descSize & (_descSize - 1)) != 0) throw Bad($"group descriptor size {_descSize} is invalid");
        _firstMetaBg = U32(sb, 260);
        if (BlocksCount <= _firstDataBlock || _firstDataBlock > 1) throw Bad($"block count {BlocksCount} / first data block {_firstDataBlock} are invalid");
        if (BlocksCount > disk.Length / BlockSize)
            throw Bad($"claims {BlocksCount} blocks of {BlockSize} bytes, more than its {disk.Length}-byte volume holds (truncated?)");
        if (_blocksPerGroup < 8 || _blocksPerGroup > BlockSize * 8L) throw Bad($"blocks per group {_blocksPerGroup} is invalid");
        if (InodesPerGroup < 1 || InodesPerGroup > BlockSize * 8L) throw Bad($"inodes per group {InodesPerGroup} is invalid");
        _groups = (uint)((BlocksCount - _firstDataBlock + _blocksPerGroup - 1) / _blocksPerGroup);
        if ((long)_groups * InodesPerGroup < InodesCount || InodesCount < RootInode) throw Bad($"inode count {InodesCount} does not fit {_groups} groups");
        _blocks = new BoundedCache<long>(options.CacheBytes);
        var root = ReadInode(RootInode);
        if (!root.IsDirectory) throw Bad("the root inode is not a directory");
    }

    public string Description { get; }
    public int BlockSize { get; }
    public long BlocksCount { get; }
    public uint InodesCount { get; }
    public uint InodesPerGroup { get; }
    public int InodeSize { get; }

    private static uint U32(byte[] b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(at));
    internal Core.Errors.BadInputException Bad(string message) => Fail.Bad(_image, $"{Description}: {message}");

    // ---- blocks, group descriptors, inodes ----

    internal byte[] ReadBlock(long block)
    {
        if (block <= 0 || block >= BlocksCount) throw Bad($"block {block} is outside the file system ({BlocksCount} blocks)");
        return _blocks.GetOrAdd(block, b =>
        {
            var data = new byte[BlockSize];
            _disk.Read(b * BlockSize, data);
            return data;
        });
    }

    internal void ReadBlocks(long block, long count, Span<byte> buffer, int offsetInFirst)
    {
        if (block <= 0 || block + count > BlocksCount) throw Bad($"blocks {block}+{count} are outside the file system");
        _disk.Read(block * BlockSize + offsetInFirst, buffer);
    }

    private bool HasSuper(uint group)
    {
        if (!_sparseSuper || group <= 1) return true;
        foreach (var p in new uint[] { 3, 5, 7 })
        {
            var n = (ulong)p;
            while (n < group) n *= p;
            if (n == group) return true;
        }
        return false;
    }

    private long InodeTableBlock(uint group)
    {
        var perBlock = (uint)(BlockSize / _descSize);
        long block;
        if (!_metaBg || group / perBlock < _firstMetaBg)
            block = _firstDataBlock + 1 + group / perBlock;
        else
        {
            var first = group / perBlock * perBlock;
            block = _firstDataBlock + (long)first * _blocksPerGroup + (HasSuper(first) ? 1 : 0);
        }
        var desc = ReadBlock(block).AsSpan((int)(group % perBlock) * _descSize, _descSize);
        long table = BinaryPrimitives.ReadUInt32LittleEndian(desc[8..]);
        if (_descSize >= 64) table |= (long)BinaryPrimitives.ReadUInt32LittleEndian(desc[0x28..]) << 32;
        var tableBlocks = ((long)InodesPerGroup * InodeSize + BlockSize - 1) / BlockSize;
        if (table <= 0 || table + tableBlocks > BlocksCount) throw Bad($"group {group} has its inode table at block {table}, outside the file system");
        return table;
    }

    /// <summary>Byte offset of an inode inside the volume (for tests that damage one).</summary>
    internal long InodeOffset(uint number)
    {
        var index = (long)((number - 1) % InodesPerGroup) * InodeSize;
        return InodeTableBlock((number - 1) / InodesPerGroup) * BlockSize + index;
    }

    internal ExtInode ReadInode(uint number)
    {
        if (number < 1 || number > InodesCount) throw Bad($"inode {number} is out of range (1..{InodesCount})");
        var group = (number - 1) / InodesPerGroup;
        var index = (long)((number - 1) % InodesPerGroup);
        var byteOffset = index * InodeSize;
        var block = InodeTableBlock(group) + byteOffset / BlockSize;
        var raw = ReadBlock(block).AsSpan((int)(byteOffset % BlockSize), InodeSize).ToArray();
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(raw);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(32));
        long uid = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(2)) | (long)BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(120)) << 16;
        long gid = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(24)) | (long)BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(122)) << 16;
        var size = (long)(BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(4)) | (ulong)BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(108)) << 32);
        if (size < 0) throw Bad($"inode {number} has an impossible size");
        var blocks = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(28)) | (_hugeFile ? (ulong)BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(116)) << 32 : 0);
        if ((flags & ExtInode.HugeFileFlag) != 0) blocks *= (ulong)(BlockSize / 512);
        var acl = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(104)) | (ulong)BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(118)) << 32;
        var seconds = (long)BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(16));
        long nanos = 0;
        if (InodeSize > 128)
        {
            var extra = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(128));
            if (128 + extra > InodeSize) throw Bad($"inode {number} has extra size {extra}, larger than the inode");
            if (extra >= 12)
            {
                var mx = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(136));
                seconds += (long)(mx & 3) << 32;
                nanos = mx >> 2;
            }
        }
        DateTimeOffset? mtime = null;
        if (nanos < 1_000_000_000 && seconds is > -62135596800 and < 253402300799)
            mtime = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
        return new ExtInode
        {
            Number = number, Mode = mode, Uid = uid, Gid = gid, Size = size, Flags = flags, Raw = raw, FileAcl = acl,
            Blocks512 = blocks, Links = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(26)), ModifiedTime = mtime,
        };
    }

    // ---- block maps ----

    internal readonly record struct Run(long Logical, long Physical, long Count, bool Zero);

    internal List<Run> MapBlocks(ExtInode inode)
    {
        var maxLogical = (inode.Size + BlockSize - 1) / BlockSize;
        var runs = new List<Run>();
        if ((inode.Flags & ExtInode.EncryptFlag) != 0) throw Bad($"inode {inode.Number} is encrypted; encrypted files cannot be read");
        if ((inode.Flags & ExtInode.ExtentsFlag) != 0)
        {
            var budget = Math.Max(BlocksCount, 16);
            Extents(inode, inode.Block, -1, maxLogical, runs, ref budget);
            runs.Sort((a, b) => a.Logical.CompareTo(b.Logical));
            for (var i = 1; i < runs.Count; i++)
                if (runs[i].Logical < runs[i - 1].Logical + runs[i - 1].Count) throw Bad($"inode {inode.Number} has overlapping extents");
        }
        else
        {
            var budget = Math.Max(BlocksCount, 16);
            var block = inode.Block;
            for (var i = 0; i < 12 && i < maxLogical; i++) Add(runs, i, BinaryPrimitives.ReadUInt32LittleEndian(block[(i * 4)..]), inode);
            long per = BlockSize / 4;
            long start = 12;
            for (var level = 1; level <= 3 && start < maxLogical; level++)
            {
                var ptr = BinaryPrimitives.ReadUInt32LittleEndian(block[((11 + level) * 4)..]);
                Indirect(inode, ptr, level, start, maxLogical, runs, ref budget);
                var span = 1L;
                for (var k = 0; k < level; k++) span *= per;
                start += span;
            }
        }
        return runs;
    }

    private void Add(List<Run> runs, long logical, long physical, ExtInode inode)
    {
        if (physical == 0) return;
        if (physical >= BlocksCount) throw Bad($"inode {inode.Number} points at block {physical}, outside the file system");
        if (runs.Count > 0 && runs[^1] is { Zero: false } last && last.Logical + last.Count == logical && last.Physical + last.Count == physical)
            runs[^1] = last with { Count = last.Count + 1 };
        else runs.Add(new Run(logical, physical, 1, false));
    }

    private void Indirect(ExtInode inode, uint ptr, int level, long start, long maxLogical, List<Run> runs, ref long budget)
    {
        if (ptr == 0) return;
        if (--budget < 0) throw Bad($"inode {inode.Number} has more block pointers than the file system has blocks (indirect loop?)");
        var data = ReadBlock(ptr);
        long per = BlockSize / 4;
        long span = 1;
        for (var k = 1; k < level; k++) span *= per;
        for (var j = 0; j < per; j++)
        {
            var logical = start + j * span;
            if (logical >= maxLogical) break;
            var p = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(j * 4));
            if (p == 0) continue;
            if (level == 1)
            {
                if (--budget < 0) throw Bad($"inode {inode.Number} has more block pointers than the file system has blocks");
                Add(runs, logical, p, inode);
            }
            else Indirect(inode, p, level - 1, logical, maxLogical, runs, ref budget);
        }
    }

    private void Extents(ExtInode inode, ReadOnlySpan<byte> node, int expectedDepth, long maxLogical, List<Run> runs, ref long budget)
    {
        if (node.Length < 12 || BinaryPrimitives.ReadUInt16LittleEndian(node) != 0xF30A) throw Bad($"inode {inode.Number} has a damaged extent header");
        var entries = BinaryPrimitives.ReadUInt16LittleEndian(node[2..]);
        var max = BinaryPrimitives.ReadUInt16LittleEndian(node[4..]);
        var depth = BinaryPrimitives.ReadUInt16LittleEndian(node[6..]);
        if (expectedDepth < 0 ? depth > 5 : depth != expectedDepth) throw Bad($"inode {inode.Number} has an extent node of depth {depth} (expected {(expectedDepth < 0 ? "0..5" : expectedDepth)}): extent loop or damage");
        if (entries > max || 12 + max * 12 > node.Length) throw Bad($"inode {inode.Number} has an extent node with {entries}/{max} entries");
        for (var i = 0; i < entries; i++)
        {
            var e = node.Slice(12 + i * 12, 12);
            var logical = (long)BinaryPrimitives.ReadUInt32LittleEndian(e);
            if (depth == 0)
            {
                long len = BinaryPrimitives.ReadUInt16LittleEndian(e[4..]);
                var uninit = len > 32768;
                if (uninit) len -= 32768;
                var physical = (long)BinaryPrimitives.ReadUInt16LittleEndian(e[6..]) << 32 | BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
                if (len == 0 || logical >= maxLogical) continue;
                if (!uninit && (physical <= 0 || physical + len > BlocksCount)) throw Bad($"inode {inode.Number} has an extent at block {physical}+{len}, outside the file system");
                if ((budget -= 1) < 0) throw Bad($"inode {inode.Number} has too many extents");
                runs.Add(new Run(logical, physical, Math.Min(len, maxLogical - logical), uninit));
            }
            else
            {
                var child = (long)BinaryPrimitives.ReadUInt16LittleEndian(e[8..]) << 32 | BinaryPrimitives.ReadUInt32LittleEndian(e[4..]);
                if (--budget < 0) throw Bad($"inode {inode.Number} has too many extent nodes (loop?)");
                Extents(inode, ReadBlock(child), depth - 1, maxLogical, runs, ref budget);
            }
        }
    }

    // ---- inline data ----

    private byte[]? InlineXattrValue(ExtInode inode)
    {
        if (InodeSize <= 128) return null;
        var raw = inode.Raw;
        var extra = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(128));
        var start = 128 + extra;
        if (start + 4 > raw.Length || BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(start)) != 0xEA020000) return null;
        var first = start + 4;
        var p = first;
        while (p + 16 <= raw.Length && BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(p)) != 0)
        {
            var nameLen = raw[p];
            var index = raw[p + 1];
            var valueOffs = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(p + 2));
            var valueSize = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(p + 8));
            if (p + 16 + nameLen > raw.Length) throw Bad($"inode {inode.Number} has a damaged extended attribute");
            if (index == 7 && nameLen == 4 && raw.AsSpan(p + 16, 4).SequenceEqual("data"u8))
            {
                if (first + valueOffs + (long)valueSize > raw.Length) throw Bad($"inode {inode.Number} has inline data outside the inode");
                return raw.AsSpan(first + valueOffs, (int)valueSize).ToArray();
            }
            p += (16 + nameLen + 3) & ~3;
        }
        return null;
    }

    internal byte[] InlineContent(ExtInode inode)
    {
        if (inode.Size > 60 + InodeSize) throw Bad($"inode {inode.Number} has inline data of {inode.Size} bytes, more than an inode holds");
        var result = new byte[inode.Size];
        var head = (int)Math.Min(60, inode.Size);
        inode.Block[..head].CopyTo(result);
        if (inode.Size > 60)
        {
            var more = InlineXattrValue(inode) ?? throw Bad($"inode {inode.Number} lacks its system.data attribute");
            more.AsSpan(0, (int)Math.Min(more.Length, inode.Size - 60)).CopyTo(result.AsSpan(60));
        }
        return result;
    }

    // ---- directories ----

    internal IReadOnlyList<(string Name, uint Inode)> Directory(ExtInode dir)
    {
        if (_dirs.TryGetValue(dir.Number, out var cached)) return cached;
        var list = new List<(string, uint)>();
        if (dir.HasInlineData)
        {
            ParseEntries(dir, dir.Block[4..], list);
            if (InlineXattrValue(dir) is { Length: > 0 } more) ParseEntries(dir, more, list);
        }
        else
        {
            if (dir.Size > _options.MaxDirectoryBytes) throw Bad($"directory inode {dir.Number} is {dir.Size} bytes, over the limit");
            using var s = new ExtFileStream(this, dir, MapBlocks(dir));
            var block = new byte[BlockSize];
            while (true)
            {
                var n = s.ReadAtLeast(block, BlockSize, throwOnEndOfStream: false);
                if (n == 0) break;
                ParseEntries(dir, block.AsSpan(0, n), list);
            }
        }
        list.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        if (Interlocked.Add(ref _dirCacheEntries, list.Count) > 1_000_000) { _dirs.Clear(); Interlocked.Exchange(ref _dirCacheEntries, 0); }
        _dirs[dir.Number] = list;
        return list;
    }

    private void ParseEntries(ExtInode dir, ReadOnlySpan<byte> region, List<(string, uint)> list)
    {
        var p = 0;
        while (p + 8 <= region.Length)
        {
            var ino = BinaryPrimitives.ReadUInt32LittleEndian(region[p..]);
            int rec = BinaryPrimitives.ReadUInt16LittleEndian(region[(p + 4)..]);
            if (BlockSize == 65536 && (rec == 65535 || rec == 0)) rec = 65536;
            int nameLen = _hasFileType ? region[p + 6] : BinaryPrimitives.ReadUInt16LittleEndian(region[(p + 6)..]);
            if (rec < 8 || rec % 4 != 0 || p + rec > region.Length || 8 + nameLen > rec)
                throw Bad($"directory inode {dir.Number} has a damaged entry at offset {p} (record length {rec})");
            if (ino != 0 && nameLen > 0)
            {
                var name = Encoding.UTF8.GetString(region.Slice(p + 8, nameLen));
                if (name is not ("." or ".."))
                {
                    if (ino > InodesCount) throw Bad($"directory inode {dir.Number} names inode {ino}, out of range");
                    if (name.Contains('/') || name.Contains('\0')) throw Bad($"directory inode {dir.Number} holds an entry named '{name}' with '/' or NUL");
                    list.Add((name, ino));
                }
            }
            p += rec;
        }
    }

    internal uint? Lookup(ExtInode dir, string name)
    {
        var entries = Directory(dir);
        int lo = 0, hi = entries.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var c = string.CompareOrdinal(entries[mid].Name, name);
            if (c == 0) return entries[mid].Inode;
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return null;
    }

    internal string ReadLink(ExtInode inode)
    {
        if (inode.Size > 4096) throw Bad($"symlink inode {inode.Number} has a {inode.Size}-byte target (over 4096)");
        byte[] bytes;
        var eaBlocks = inode.FileAcl != 0 ? (ulong)(BlockSize / 512) : 0;
        if (inode.HasInlineData) bytes = InlineContent(inode);
        else if (inode.Blocks512 <= eaBlocks && inode.Size < 60 && (inode.Flags & ExtInode.ExtentsFlag) == 0)
            bytes = inode.Block[..(int)inode.Size].ToArray();
        else
        {
            bytes = new byte[inode.Size];
            using var s = new ExtFileStream(this, inode, MapBlocks(inode));
            s.ReadExactly(bytes);
        }
        return Encoding.UTF8.GetString(bytes);
    }

    // ---- IFileSystem ----

    private static string Normalize(string path) => TreePath.Normalize(path);

    /// <summary>Resolves a path to an inode inside the tree; symlinks in earlier components (and the last when asked)
    /// are followed inside the file system. Null when absent.</summary>
    internal ExtInode? Resolve(string path, bool followLast)
    {
        var found = TreePath.Resolve(path, ReadInode(RootInode), (dir, name) => Lookup(dir, name) is { } number ? ReadInode(number) : null,
            inode => inode.IsDirectory, inode => inode.IsSymlink ? ReadLink(inode) : null, followLast);
        if (found.Status == TreeLookupStatus.TooManySymlinks)
            throw Fail.Bad(_image, $"{Description}: too many levels of symbolic links resolving {path}");
        return found.Node;
    }

    internal FileEntry ToEntry(string path, ExtInode inode)
    {
        var kind = inode.Kind(_image, this);
        var entry = new FileEntry(path, kind, inode.Mode & 0xFFF, inode.Uid, inode.Gid,
            kind is EntryKind.File or EntryKind.Directory or EntryKind.Symlink ? inode.Size : 0)
        {
            ModifiedTime = inode.ModifiedTime,
            NodeId = inode.Number,
        };
        if (kind == EntryKind.Symlink) entry = entry with { LinkTarget = ReadLink(inode) };
        if (kind is EntryKind.CharDevice or EntryKind.BlockDevice)
        {
            var b0 = BinaryPrimitives.ReadUInt32LittleEndian(inode.Block);
            var b1 = BinaryPrimitives.ReadUInt32LittleEndian(inode.Block[4..]);
            entry = entry with
            {
                Device = b0 != 0 ? ((int)((b0 >> 8) & 0xFF), (int)(b0 & 0xFF)) : ((int)((b1 & 0xFFF00) >> 8), (int)((b1 & 0xFF) | ((b1 >> 12) & 0xFFF00))),
            };
        }
        return entry;
    }

    public FileEntry? GetEntry(string path) => Fail.Guard(_image, Description, () =>
    {
        var inode = Resolve(path, followLast: false);
        return inode is null ? null : ToEntry(Normalize(path), inode);
    });

    public IReadOnlyList<FileEntry> List(string path) => Fail.Guard(_image, Description, () =>
    {
        var dir = Resolve(path, followLast: true);
        if (dir is null || !dir.IsDirectory) return (IReadOnlyList<FileEntry>)[];
        var prefix = Normalize(path);
        if (prefix != "/") prefix += "/";
        return (IReadOnlyList<FileEntry>)Directory(dir).Select(e => ToEntry(prefix + e.Name, ReadInode(e.Inode))).ToList();
    });

    public IEnumerable<FileEntry> Walk(string path = "/")
    {
        var start = GetEntry(path) ?? throw Fail.Bad(_image, $"{Description}: no such file or directory: {path}");
        var visited = new HashSet<long>();
        var stack = new Stack<FileEntry>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var e = stack.Pop();
            yield return e;
            if (e.Kind != EntryKind.Directory) continue;
            if (!visited.Add(e.NodeId)) throw Fail.Bad(_image, $"{Description}: directory loop: {e.Path} (inode {e.NodeId}) was already visited");
            var children = Fail.Guard(_image, Description, () =>
            {
                var dir = ReadInode((uint)e.NodeId);
                var prefix = e.Path == "/" ? "/" : e.Path + "/";
                return Directory(dir).Select(c => ToEntry(prefix + c.Name, ReadInode(c.Inode))).ToList();
            });
            for (var i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
    }

    public Stream OpenRead(FileEntry entry) => Fail.Guard(_image, Description, () =>
    {
        if (entry.Kind != EntryKind.File) throw Fail.Bad(_image, $"{Description}: {entry.Path} is not a regular file");
        if (entry.NodeId < 1 || entry.NodeId > InodesCount) throw Fail.Bad(_image, $"{Description}: {entry.Path} does not belong to this file system");
        var inode = ReadInode((uint)entry.NodeId);
        if (!inode.IsRegular) throw Fail.Bad(_image, $"{Description}: {entry.Path} is not a regular file");
        var limit = _options.MaxFileSize > 0 ? _options.MaxFileSize : Math.Max(8 * _disk.Length, 4L << 30);
        if (inode.Size > limit)
            throw Fail.Bad(_image, $"{Description}: {entry.Path} claims {inode.Size} bytes on a {_disk.Length}-byte volume; refused as implausible (limit {limit}, DiskImageOptions.MaxFileSize)");
        if (inode.HasInlineData) return (Stream)new MemoryStream(InlineContent(inode), writable: false);
        return new ExtFileStream(this, inode, MapBlocks(inode));
    });

    public void Dispose() { }
}
