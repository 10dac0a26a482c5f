namespace ImageGate.FileTrees.Tests;

/// <summary>A small file tree held in memory (paths to entries), for the resolver's rules.</summary>
internal sealed class MemoryTree : IFileSystem
{
    private readonly Dictionary<string, FileEntry> _entries = new(StringComparer.Ordinal)
    {
        ["/"] = new FileEntry("/", EntryKind.Directory, 0x1ED, 0, 0, 0),
    };

    public string Description => "memory tree";

    public MemoryTree Dir(string path) => Add(new FileEntry(path, EntryKind.Directory, 0x1ED, 0, 0, 0));

    public MemoryTree File(string path) => Add(new FileEntry(path, EntryKind.File, 0x1A4, 0, 0, 1));

    public MemoryTree Link(string path, string target) =>
        Add(new FileEntry(path, EntryKind.Symlink, 0x1FF, 0, 0, target.Length) { LinkTarget = target });

    /// <summary>The raw entry at a resolved path (no symlink followed).</summary>
    public FileEntry? Raw(string path) => _entries.GetValueOrDefault(path);

    public FileEntry? GetEntry(string path) =>
        TreePath.ResolvePath(path, Raw, followLast: false) is { } resolved ? Raw(resolved) : null;

    public IReadOnlyList<FileEntry> List(string path) => throw new NotSupportedException();

    public IEnumerable<FileEntry> Walk(string path = "/") => throw new NotSupportedException();

    public Stream OpenRead(FileEntry entry) => throw new NotSupportedException();

    public void Dispose() { }

    private MemoryTree Add(FileEntry entry)
    {
        _entries[entry.Path] = entry;
        return this;
    }
}
