using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems;

/// <summary>A file tree that also owns the disk image it was opened from: disposing the tree closes the image.</summary>
internal sealed class OwningFileSystem(IFileSystem inner, IDisposable owner) : IFileSystem
{
    public string Description => inner.Description;

    public FileEntry? GetEntry(string path) => inner.GetEntry(path);

    public IReadOnlyList<FileEntry> List(string path) => inner.List(path);

    public IEnumerable<FileEntry> Walk(string path = "/") => inner.Walk(path);

    public Stream OpenRead(FileEntry entry) => inner.OpenRead(entry);

    public void Dispose()
    {
        inner.Dispose();
        owner.Dispose();
    }
}
