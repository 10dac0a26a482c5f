using System.Buffers.Binary;
using System.Collections.Concurrent;
using ImageGate.Core.Errors;
using ImageGate.DiskImages.Containers;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>
/// A read-only XFS (v5, and v4 with version 2 directories) file system on a <see cref="VirtualDisk"/>.
/// Every structure is checked before use (magic numbers, CRC32C on v5 metadata, ranges, loops); damage is a
/// <see cref="BadInputException"/> naming the image.
/// </summary>
internal sealed class XfsFileSystem : IFileSystem
{
    private const int MaxCachedDirectories = 65536;

    private readonly VirtualDisk source;
    private readonly ConcurrentDictionary<ulong, XfsDirectoryEntry[]> directories = new();

    private XfsFileSystem(VirtualDisk source, XfsSuperblock superblock, string description)
    {
        this.source = source;
        Superblock = superblock;
        Description = description;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>The file system UUID (as <c>blkid</c> and <c>/etc/fstab</c> UUID= show it).</summary>
    public Guid Uuid => Superblock.Uuid;

    /// <summary>The file system label (<c>LABEL=</c> in /etc/fstab), empty when none.</summary>
    public string Label => Superblock.Label;

    /// <summary>The validated primary superblock.</summary>
    public XfsSuperblock Superblock { get; }

    /// <summary>Opens the XFS file system on <paramref name="source"/>; <paramref name="description"/> names it in
    /// messages (e.g. <c>xfs on partition 2 of disk.qcow2</c>).</summary>
    public static XfsFileSystem Open(VirtualDisk source, string description)
    {
        if (source.Length < 512)
            throw new BadInputException($"{description}: too small ({source.Length} bytes) to hold an XFS superblock", source.ImagePath);
        var first = new byte[Math.Min(32768, (int)Math.Min(source.Length, 32768))];
        source.Read(0, first);
        var sb = XfsSuperblock.Parse(first, out var problem)
            ?? throw new BadInputException($"{description}: {problem}", source.ImagePath);
        var fsBytes = (long)sb.DataBlocks << sb.BlockLog;
        if (fsBytes > source.Length)
            throw new BadInputException($"{description}: the file system claims {fsBytes} bytes but the device holds only {source.Length} (truncated image?)", source.ImagePath);
        var fs = new XfsFileSystem(source, sb, description);
        fs.CheckAllocationGroups();
        var root = fs.ReadInode(sb.RootInode);
        if (root.Kind != EntryKind.Directory)
            throw fs.Bad($"the root inode {sb.RootInode} is not a directory");
        return fs;
    }

    /// <summary>An error about damage in this file system.</summary>
    internal BadInputException Bad(string problem) => new($"{Description}: {problem}", source.ImagePath);

    /// <summary>Reads bytes of the file system device, failing clearly outside it.</summary>
    internal void ReadAt(long offset, Span<byte> buffer)
    {
        var fsBytes = (long)Superblock.DataBlocks << Superblock.BlockLog;
        if (offset < 0 || offset > fsBytes - buffer.Length)
            throw Bad($"read of {buffer.Length} bytes at {offset} is outside the file system ({fsBytes} bytes)");
        source.Read(offset, buffer);
    }

    /// <summary>The device byte offset of file-system block <paramref name="fsBlock"/> (AG number and AG block
    /// packed), after checking that <paramref name="count"/> blocks from there lie inside one allocation group.</summary>
    internal long CheckBlockRange(ulong fsBlock, ulong count, string what)
    {
        var sb = Superblock;
        var ag = fsBlock >> sb.AgBlockLog;
        var agBlock = fsBlock & ((1UL << sb.AgBlockLog) - 1);
        if (ag >= sb.AgCount || agBlock >= sb.AgBlocks || count > sb.AgBlocks - agBlock)
            throw Bad($"{what}: blocks {fsBlock}+{count} (AG {ag}, block {agBlock}) are outside the file system");
        var linear = ag * sb.AgBlocks + agBlock;
        if (linear + count > sb.DataBlocks)
            throw Bad($"{what}: blocks {fsBlock}+{count} run past the end of the file system");
        return (long)linear << sb.BlockLog;
    }

    /// <summary>Reads <paramref name="count"/> whole blocks starting at file-system block <paramref name="fsBlock"/>.</summary>
    internal byte[] ReadBlocks(ulong fsBlock, int count, string what)
    {
        var offset = CheckBlockRange(fsBlock, (ulong)count, what);
        var buffer = new byte[count << Superblock.BlockLog];
        ReadAt(offset, buffer);
        return buffer;
    }

    /// <summary>Reads and checks inode <paramref name="number"/>.</summary>
    internal XfsInode ReadInode(ulong number)
    {
        var sb = Superblock;
        var ag = number >> (sb.AgBlockLog + sb.InodesPerBlockLog);
        var agBlock = (number >> sb.InodesPerBlockLog) & ((1UL << sb.AgBlockLog) - 1);
        var index = number & ((1UL << sb.InodesPerBlockLog) - 1);
        if (ag >= sb.AgCount || agBlock >= sb.AgBlocks || agBlock == 0)
            throw Bad($"inode number {number} is outside the file system");
        var offset = ((long)(ag * sb.AgBlocks + agBlock) << sb.BlockLog) + ((long)index << sb.InodeLog);
        Span<byte> raw = stackalloc byte[sb.InodeSize];
        ReadAt(offset, raw);
        return XfsInode.Parse(sb, number, raw, out var problem) ?? throw Bad($"inode {number}: {problem}");
    }

    /// <inheritdoc />
    public FileEntry? GetEntry(string path)
    {
        var resolved = Resolve(path, followFinal: false);
        return resolved is null ? null : ToEntry(resolved.Path, resolved.Inode);
    }

    /// <inheritdoc />
    public IReadOnlyList<FileEntry> List(string path)
    {
        var resolved = Resolve(path, followFinal: true);
        if (resolved is null || resolved.Inode.Kind != EntryKind.Directory) return [];
        return ListChildren(resolved.Path, resolved.Inode);
    }

    /// <inheritdoc />
    public IEnumerable<FileEntry> Walk(string path = "/")
    {
        var start = GetEntry(path);
        if (start is null)
            yield break;
        var seenDirectories = new HashSet<long>();
        var stack = new Stack<FileEntry>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var entry = stack.Pop();
            yield return entry;
            if (entry.Kind != EntryKind.Directory)
                continue;
            if (!seenDirectories.Add(entry.NodeId))
                throw Bad($"directory inode {entry.NodeId} appears twice in the tree (at {entry.Path}): directory loop");
            var children = ListChildren(entry.Path, ReadInode((ulong)entry.NodeId));
            for (var i = children.Count - 1; i >= 0; i--)
                stack.Push(children[i]);
        }
    }

    /// <inheritdoc />
    public Stream OpenRead(FileEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var inode = ReadInode((ulong)entry.NodeId);
        if (inode.Kind != EntryKind.File)
            throw new BadInputException($"{Description}: {entry.Path} is not a regular file", source.ImagePath);
        return inode.Format switch
        {
            XfsForkFormat.Extents or XfsForkFormat.Btree => new XfsFileStream(this, XfsExtentReader.Read(this, inode), inode.Size),
            XfsForkFormat.Local when inode.Size <= inode.DataFork.Length => new MemoryStream(inode.DataFork, 0, (int)inode.Size, writable: false),
            _ => throw Bad($"regular file inode {inode.Number} has an impossible data fork (format {inode.Format}, size {inode.Size})"),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        directories.Clear();
    }

    private IReadOnlyList<FileEntry> ListChildren(string path, XfsInode directory)
    {
        var prefix = path == "/" ? "/" : path + "/";
        var entries = ReadDirectory(directory);
        var result = new FileEntry[entries.Length];
        for (var i = 0; i < entries.Length; i++)
            result[i] = ToEntry(prefix + entries[i].Name, ReadInode(entries[i].Inode));
        return result;
    }

    private FileEntry ToEntry(string path, XfsInode inode)
    {
        var kind = inode.Kind ?? throw Bad($"inode {inode.Number} has an invalid file type (mode 0{inode.Mode:o})");
        var size = inode.Size;
        string? target = null;
        (int, int)? device = null;
        switch (kind)
        {
            case EntryKind.Symlink:
                target = ReadSymlink(inode);
                break;
            case EntryKind.CharDevice or EntryKind.BlockDevice:
                if (inode.Format != XfsForkFormat.Device || inode.DataFork.Length < 4)
                    throw Bad($"device inode {inode.Number} has data fork format {inode.Format}");
                var dev = BinaryPrimitives.ReadUInt32BigEndian(inode.DataFork);
                device = ((int)(dev >> 18), (int)(dev & 0x3FFFF));
                size = 0;
                break;
            case EntryKind.Fifo or EntryKind.Socket:
                size = 0;
                break;
        }
        return new FileEntry(path, kind, inode.Mode & 0xFFF, inode.Uid, inode.Gid, size)
        {
            LinkTarget = target,
            ModifiedTime = inode.ModifiedTime,
            NodeId = (long)inode.Number,
            Device = device,
        };
    }

    /// <summary>Resolves <paramref name="path"/> from the root; symlinks in earlier components are followed inside
    /// the tree (absolute targets restart at this tree's root, never the host's).</summary>
    private ResolvedPath? Resolve(string path, bool followFinal)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        var found = TreePath.Resolve(path, ReadInode(Superblock.RootInode), (dir, name) => Lookup(dir, name) is { } number ? ReadInode(number) : null,
            inode => inode.Kind == EntryKind.Directory, inode => inode.Kind == EntryKind.Symlink ? ReadSymlink(inode) : null, followFinal);
        if (found.Status == TreeLookupStatus.TooManySymlinks)
            throw Bad($"too many levels of symbolic links resolving {path}");
        if (found.Node is null) return null;
        return new ResolvedPath(parts.Contains("..") ? found.Path : "/" + string.Join('/', parts), found.Node);
    }

    private ulong? Lookup(XfsInode directory, string name)
    {
        var entries = ReadDirectory(directory);
        var lo = 0;
        var hi = entries.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var c = string.CompareOrdinal(entries[mid].Name, name);
            if (c == 0) return entries[mid].Inode;
            if (c < 0) lo = mid + 1; else hi = mid - 1;
        }
        return null;
    }

    private XfsDirectoryEntry[] ReadDirectory(XfsInode directory)
    {
        if (directories.TryGetValue(directory.Number, out var cached))
            return cached;
        var entries = XfsDirectoryReader.Read(this, directory);
        if (directories.Count >= MaxCachedDirectories)
            directories.Clear();
        directories[directory.Number] = entries;
        return entries;
    }

    /// <summary>The target of a symlink inode (local in the inode or in remote blocks).</summary>
    internal string ReadSymlink(XfsInode inode)
    {
        if (inode.Size is <= 0 or > 1024)
            throw Bad($"symlink inode {inode.Number} has impossible length {inode.Size}");
        var length = (int)inode.Size;
        byte[] bytes;
        if (inode.Format == XfsForkFormat.Local)
        {
            if (length > inode.DataFork.Length)
                throw Bad($"local symlink inode {inode.Number} is longer ({length}) than its data fork");
            bytes = inode.DataFork.AsSpan(0, length).ToArray();
        }
        else if (inode.Format == XfsForkFormat.Extents)
        {
            bytes = ReadRemoteSymlink(inode, length);
        }
        else
        {
            throw Bad($"symlink inode {inode.Number} has data fork format {inode.Format}");
        }
        if (bytes.AsSpan().IndexOf((byte)0) >= 0)
            throw Bad($"symlink inode {inode.Number} has a NUL byte in its target");
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    private byte[] ReadRemoteSymlink(XfsInode inode, int length)
    {
        var extents = XfsExtentReader.Read(this, inode);
        var result = new byte[length];
        var filled = 0;
        var header = Superblock.HasCrc ? 56 : 0;
        var perBlock = Superblock.BlockSize - header;
        var expectedBlock = 0UL;
        foreach (var e in extents)
        {
            for (var b = 0UL; b < e.BlockCount && filled < length; b++)
            {
                if (e.FileBlock + b != expectedBlock)
                    throw Bad($"remote symlink inode {inode.Number} has a hole");
                expectedBlock++;
                var block = ReadBlocks(e.StartBlock + b, 1, $"symlink inode {inode.Number}");
                var take = Math.Min(perBlock, length - filled);
                if (header > 0)
                {
                    var span = block.AsSpan();
                    if (BinaryPrimitives.ReadUInt32BigEndian(span) != 0x58534C4D)
                        throw Bad($"remote symlink block of inode {inode.Number} has bad magic");
                    if (!XfsCrc.Verify(span, 12))
                        throw Bad($"remote symlink block of inode {inode.Number}: checksum (CRC32C) mismatch");
                    var off = BinaryPrimitives.ReadUInt32BigEndian(span[4..]);
                    var bytes = BinaryPrimitives.ReadUInt32BigEndian(span[8..]);
                    var owner = BinaryPrimitives.ReadUInt64BigEndian(span[32..]);
                    if (off != filled || bytes != take || owner != inode.Number)
                        throw Bad($"remote symlink block of inode {inode.Number} does not match its header");
                }
                block.AsSpan(header, take).CopyTo(result.AsSpan(filled));
                filled += take;
            }
        }
        if (filled != length)
            throw Bad($"remote symlink inode {inode.Number} maps only {filled} of {length} bytes");
        return result;
    }

    private void CheckAllocationGroups()
    {
        var sb = Superblock;
        Span<byte> sector = stackalloc byte[sb.SectorSize];
        for (var ag = 0u; ag < sb.AgCount; ag++)
        {
            var agStart = (long)ag * sb.AgBlocks << sb.BlockLog;
            var agLength = ag == sb.AgCount - 1 ? (uint)(sb.DataBlocks - (ulong)ag * sb.AgBlocks) : sb.AgBlocks;
            ReadAt(agStart + sb.SectorSize, sector);
            CheckAgHeader(sector, ag, agLength, 0x58414746, "AGF", 216);
            ReadAt(agStart + 2L * sb.SectorSize, sector);
            CheckAgHeader(sector, ag, agLength, 0x58414749, "AGI", 312);
        }
    }

    private void CheckAgHeader(ReadOnlySpan<byte> sector, uint ag, uint agLength, uint magic, string name, int crcOffset)
    {
        if (BinaryPrimitives.ReadUInt32BigEndian(sector) != magic)
            throw Bad($"allocation group {ag}: bad {name} magic");
        var seq = BinaryPrimitives.ReadUInt32BigEndian(sector[8..]);
        var length = BinaryPrimitives.ReadUInt32BigEndian(sector[12..]);
        if (seq != ag || length != agLength)
            throw Bad($"allocation group {ag}: {name} says AG {seq} of {length} blocks, expected AG {ag} of {agLength} blocks");
        if (Superblock.HasCrc && !XfsCrc.Verify(sector, crcOffset))
            throw Bad($"allocation group {ag}: {name} checksum (CRC32C) mismatch");
    }

    private sealed record ResolvedPath(string Path, XfsInode Inode);
}
