using System.Formats.Tar;
using ImageGate.Core.Errors;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems.Tar;

/// <summary>A root file system held in an uncompressed tar archive (ustar, GNU or pax). The index is built once
/// by reading the headers; contents are read lazily from the archive by offset, each stream independent.
/// Symlinks are data; hard links share their target's content and node id.</summary>
public sealed class TarFileSystem : IFileSystem
{
    /// <summary>The most entries an archive may hold (hostile input must end in bounded memory).</summary>
    public const int MaxEntries = 5_000_000;

    /// <summary>The longest entry name accepted (Linux's PATH_MAX).</summary>
    public const int MaxPathLength = 4096;

    private readonly string _archive;
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);

    /// <summary>Indexes the archive at <paramref name="archive"/>; a damaged archive is bad input.</summary>
    public TarFileSystem(string archive)
    {
        _archive = Path.GetFullPath(archive);
        try
        {
            BuildIndex();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException or ArgumentException or OverflowException)
        {
            throw new BadInputException($"not a readable tar archive: {ex.Message}", archive, ex);
        }
    }

    /// <inheritdoc />
    public string Description => $"tar archive {_archive}";

    /// <inheritdoc />
    public FileEntry? GetEntry(string path)
    {
        var resolved = TreePath.ResolvePath(path, Lookup, followLast: false);
        return resolved is null ? null : Lookup(resolved);
    }

    /// <inheritdoc />
    public IReadOnlyList<FileEntry> List(string path)
    {
        var resolved = TreePath.ResolvePath(path, Lookup, followLast: true);
        return resolved is not null && _nodes.TryGetValue(resolved, out var node) && node.Children is { } children
            ? children.Select(c => _nodes[c].Entry).ToList()
            : [];
    }

    /// <inheritdoc />
    public IEnumerable<FileEntry> Walk(string path = "/")
    {
        var start = GetEntry(path);
        if (start is null) yield break;
        var stack = new Stack<string>();
        stack.Push(start.Path);
        while (stack.Count > 0)
        {
            var node = _nodes[stack.Pop()];
            yield return node.Entry;
            if (node.Children is { } children)
                for (var i = children.Count - 1; i >= 0; i--) stack.Push(children[i]);
        }
    }

    /// <inheritdoc />
    public Stream OpenRead(FileEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!_nodes.TryGetValue(entry.Path, out var node) || node.Entry.Kind != EntryKind.File)
            throw new BadInputException("not a regular file in the archive", entry.Path);
        var stream = new FileStream(_archive, new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.SequentialScan, BufferSize = 0,
        });
        return new SliceStream(stream, node.DataOffset, node.Entry.Size);
    }

    /// <inheritdoc />
    public void Dispose() { }

    private FileEntry? Lookup(string path) => _nodes.TryGetValue(path, out var n) ? n.Entry : null;

    private void BuildIndex()
    {
        _nodes["/"] = new Node(new FileEntry("/", EntryKind.Directory, 0x1ED, 0, 0, 0) { NodeId = 1 }, -1) { Children = [] };
        long nextId = 2;
        using var stream = new FileStream(_archive, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new TarReader(stream, leaveOpen: true);
        var count = 0;
        while (reader.GetNextEntry(copyData: false) is { } tar)
        {
            if (++count > MaxEntries) throw new InvalidDataException($"more than {MaxEntries} entries");
            if (tar.EntryType is TarEntryType.GlobalExtendedAttributes) continue;
            if (tar.Name.Length > MaxPathLength) throw new InvalidDataException($"an entry name is longer than {MaxPathLength} characters");
            var path = TreePath.Normalize(tar.Name);
            if (path == "/")
            {
                var root = _nodes["/"];
                _nodes["/"] = root with { Entry = root.Entry with { Mode = (int)tar.Mode & 0xFFF, Uid = tar.Uid, Gid = tar.Gid, ModifiedTime = tar.ModificationTime } };
                continue;
            }
            EnsureParents(path, ref nextId);
            var device = tar is PosixTarEntry posix && tar.EntryType is TarEntryType.CharacterDevice or TarEntryType.BlockDevice
                ? (posix.DeviceMajor, posix.DeviceMinor) : ((int, int)?)null;
            Node node;
            if (tar.EntryType == TarEntryType.HardLink)
            {
                var target = TreePath.Normalize(tar.LinkName);
                if (!_nodes.TryGetValue(target, out var t) || t.Entry.Kind != EntryKind.File)
                    throw new InvalidDataException($"hard link {path} names {target}, which is not an earlier regular file");
                node = new Node(t.Entry with { Path = path }, t.DataOffset);
            }
            else
            {
                var kind = tar.EntryType switch
                {
                    TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile or TarEntryType.SparseFile => EntryKind.File,
                    TarEntryType.Directory => EntryKind.Directory,
                    TarEntryType.SymbolicLink => EntryKind.Symlink,
                    TarEntryType.CharacterDevice => EntryKind.CharDevice,
                    TarEntryType.BlockDevice => EntryKind.BlockDevice,
                    TarEntryType.Fifo => EntryKind.Fifo,
                    _ => (EntryKind?)null,
                };
                if (kind is null) continue; // metadata entries the reader did not fold in
                var size = kind == EntryKind.File ? tar.Length : kind == EntryKind.Symlink ? tar.LinkName.Length : 0;
                if (kind == EntryKind.File && tar.DataOffset < 0)
                    throw new InvalidDataException($"no data offset for {path}");
                if (kind == EntryKind.File && tar.DataOffset + tar.Length > stream.Length)
                    throw new InvalidDataException($"the archive is truncated inside {path}");
                node = new Node(new FileEntry(path, kind.Value, (int)tar.Mode & 0xFFF, tar.Uid, tar.Gid, size)
                {
                    LinkTarget = kind == EntryKind.Symlink ? tar.LinkName : null,
                    ModifiedTime = tar.ModificationTime,
                    NodeId = nextId++,
                    Device = device,
                }, tar.DataOffset);
            }
            if (_nodes.TryGetValue(path, out var existing))
            {
                // A later entry replaces an earlier one (tar semantics); a directory keeps its children.
                _nodes[path] = node with { Children = node.Entry.Kind == EntryKind.Directory ? existing.Children ?? [] : null };
                if (existing.Children is { Count: > 0 } && node.Entry.Kind != EntryKind.Directory)
                    RemoveBelow(path);
            }
            else
            {
                _nodes[path] = node.Entry.Kind == EntryKind.Directory ? node with { Children = [] } : node;
                _nodes[TreePath.Parent(path)].Children!.Add(path);
            }
        }
        foreach (var n in _nodes.Values)
            n.Children?.Sort(StringComparer.Ordinal);
    }

    private void EnsureParents(string path, ref long nextId)
    {
        // Iterative: a hostile archive may name paths with very many components.
        var missing = new Stack<string>();
        var parent = TreePath.Parent(path);
        while (!_nodes.ContainsKey(parent))
        {
            missing.Push(parent);
            parent = TreePath.Parent(parent);
        }
        if (_nodes[parent].Children is null)
            throw new InvalidDataException($"{path} is inside {parent}, which is not a directory");
        while (missing.Count > 0)
        {
            var dir = missing.Pop();
            _nodes[dir] = new Node(new FileEntry(dir, EntryKind.Directory, 0x1ED, 0, 0, 0) { NodeId = nextId++ }, -1) { Children = [] };
            _nodes[TreePath.Parent(dir)].Children!.Add(dir);
        }
    }

    private void RemoveBelow(string dir)
    {
        var prefix = dir + "/";
        foreach (var key in _nodes.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList()) _nodes.Remove(key);
    }

    private sealed record Node(FileEntry Entry, long DataOffset)
    {
        public List<string>? Children { get; init; }
    }
}
