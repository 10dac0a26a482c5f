namespace ImageGate.FileTrees;

/// <summary>
/// A read-only file tree: a file system inside a disk image, a mounted set of them, a host directory or a tar
/// archive. Paths are absolute inside the tree. Symlinks are data: no method follows one out of the tree.
/// Implementations are safe for concurrent <see cref="OpenRead"/> calls (each stream is independent).
/// </summary>
public interface IFileSystem : IDisposable
{
    /// <summary>What this tree is, for messages (e.g. <c>ext4 on partition 1 of disk.qcow2</c>).</summary>
    string Description { get; }

    /// <summary>The entry at <paramref name="path"/> without following a final symlink; null when absent.
    /// Symlinks in earlier components are resolved inside the tree.</summary>
    FileEntry? GetEntry(string path);

    /// <summary>The entries directly inside the directory at <paramref name="path"/>, sorted by name; empty when the
    /// path is absent or not a directory (check with <see cref="GetEntry"/> where that matters).</summary>
    IReadOnlyList<FileEntry> List(string path);

    /// <summary>Every entry below <paramref name="path"/> (itself included), depth first, never following symlinks.</summary>
    IEnumerable<FileEntry> Walk(string path = "/");

    /// <summary>A lazily read stream of a regular file's content.</summary>
    Stream OpenRead(FileEntry entry);
}
