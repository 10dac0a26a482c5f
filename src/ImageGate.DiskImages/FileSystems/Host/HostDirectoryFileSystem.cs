using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ImageGate.Core.Errors;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems.Host;

/// <summary>A root file system unpacked in a host directory. Entries are read with <c>lstat</c> semantics (through
/// <c>statx</c>, whose layout is the same on every architecture): real mode, uid and gid; a symlink is data and is
/// never followed out of the root (an absolute target means the root's own path).</summary>
public sealed class HostDirectoryFileSystem : IFileSystem
{
    private readonly string _root;

    /// <summary>Opens the tree rooted at <paramref name="root"/>; fails with bad input when it is not a directory.</summary>
    public HostDirectoryFileSystem(string root)
    {
        var full = Path.GetFullPath(root);
        if (!Directory.Exists(full))
            throw new BadInputException("not a directory", root);
        _root = full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <inheritdoc />
    public string Description => $"directory {_root}";

    /// <inheritdoc />
    public FileEntry? GetEntry(string path)
    {
        var resolved = TreePath.ResolvePath(path, Lstat, followLast: false);
        return resolved is null ? null : Lstat(resolved);
    }

    /// <inheritdoc />
    public IReadOnlyList<FileEntry> List(string path)
    {
        var resolved = TreePath.ResolvePath(path, Lstat, followLast: true);
        if (resolved is null) return [];
        var dir = Lstat(resolved);
        return dir is { Kind: EntryKind.Directory } ? ListResolved(resolved) : [];
    }

    /// <inheritdoc />
    public IEnumerable<FileEntry> Walk(string path = "/")
    {
        var start = GetEntry(path);
        if (start is null) yield break;
        var stack = new Stack<FileEntry>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var entry = stack.Pop();
            yield return entry;
            if (entry.Kind != EntryKind.Directory) continue;
            var children = ListResolved(entry.Path);
            for (var i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
    }

    /// <inheritdoc />
    public Stream OpenRead(FileEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind != EntryKind.File)
            throw new BadInputException($"not a regular file ({entry.Kind})", entry.Path);
        // Parents are resolved inside the tree, so a symlinked directory cannot lead outside the root.
        var parent = TreePath.ResolvePath(TreePath.Parent(TreePath.Normalize(entry.Path)), Lstat, followLast: true);
        var current = parent is null ? null : Lstat(TreePath.Join(parent, entry.Name));
        if (current is not { Kind: EntryKind.File })
            throw new BadInputException("no longer a regular file", entry.Path);
        return new FileStream(HostPath(current.Path), new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite, Options = FileOptions.SequentialScan, BufferSize = 0,
        });
    }

    /// <inheritdoc />
    public void Dispose() { }

    private List<FileEntry> ListResolved(string dir)
    {
        IEnumerable<string> names;
        try
        {
            names = Directory.EnumerateFileSystemEntries(HostPath(dir)).Select(Path.GetFileName).OfType<string>().ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        var list = new List<FileEntry>();
        foreach (var name in names.Order(StringComparer.Ordinal))
            if (Lstat(TreePath.Join(dir, name)) is { } e) list.Add(e);
        return list;
    }

    private string HostPath(string treePath) => treePath == "/" ? _root : _root + treePath;

    private FileEntry? Lstat(string treePath)
    {
        var host = HostPath(treePath);
        var buffer = new byte[256];
        if (NativeMethods.statx(AtFdCwd, host, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0) return null;
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28));
        var kind = (mode & 0xF000) switch
        {
            0x8000 => EntryKind.File,
            0x4000 => EntryKind.Directory,
            0xA000 => EntryKind.Symlink,
            0x2000 => EntryKind.CharDevice,
            0x6000 => EntryKind.BlockDevice,
            0x1000 => EntryKind.Fifo,
            _ => EntryKind.Socket,
        };
        var size = (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(40));
        var seconds = BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(112));
        var nanos = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(120));
        string? target = null;
        if (kind == EntryKind.Symlink)
        {
            try { target = new FileInfo(host).LinkTarget; } catch (IOException) { }
        }
        return new FileEntry(treePath, kind, mode & 0xFFF,
            BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(20)), BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(24)), size)
        {
            LinkTarget = target,
            ModifiedTime = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100),
            NodeId = (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(32)),
            Device = kind is EntryKind.CharDevice or EntryKind.BlockDevice
                ? ((int)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(128)), (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(132)))
                : null,
        };
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7FF;

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable CA2101, SYSLIB1054 // the path is marshalled as UTF-8 explicitly
        public static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
#pragma warning restore CA2101, SYSLIB1054
    }
}
