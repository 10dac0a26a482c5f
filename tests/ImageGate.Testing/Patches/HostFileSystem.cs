using ImageGate.DiskImages;
using ImageGate.FileTrees;

namespace ImageGate.Testing.Patches;

/// <summary>A small read-only IFileSystem over a host folder, for these tests only (symlinks are data and are
/// resolved inside the root, never on the host).</summary>
public sealed class HostFileSystem(string root) : IFileSystem
{
    private readonly string _root = Path.GetFullPath(root);

    public string Description => $"host folder {_root}";

    public FileEntry? GetEntry(string path)
    {
        var host = HostPath(path, followLast: false);
        if (host is null) return null;
        var info = new FileInfo(host);
        if (info.LinkTarget is { } target)
            return new FileEntry(Normalize(path), EntryKind.Symlink, 511, 0, 0, target.Length) { LinkTarget = target };
        if (Directory.Exists(host)) return new FileEntry(Normalize(path), EntryKind.Directory, 493, 0, 0, 0);
        if (File.Exists(host)) return new FileEntry(Normalize(path), EntryKind.File, OperatingSystem.IsWindows() ? 420 : (int)File.GetUnixFileMode(host), 0, 0, info.Length);
        return null;
    }

    public IReadOnlyList<FileEntry> List(string path)
    {
        var host = HostPath(path, followLast: true);
        if (host is null || !Directory.Exists(host)) return [];
        var dir = Normalize(path);
        return Directory.EnumerateFileSystemEntries(host)
            .Select(e => GetEntry((dir == "/" ? "" : dir) + "/" + Path.GetFileName(e)))
            .OfType<FileEntry>()
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
    }

    public IEnumerable<FileEntry> Walk(string path = "/")
    {
        var e = GetEntry(path);
        if (e is null) yield break;
        yield return e;
        if (e.Kind != EntryKind.Directory) yield break;
        foreach (var child in List(path))
            foreach (var d in Walk(child.Path))
                yield return d;
    }

    public Stream OpenRead(FileEntry entry)
    {
        var host = HostPath(entry.Path, followLast: true) ?? throw new FileNotFoundException(entry.Path);
        return File.OpenRead(host);
    }

    public void Dispose() { }

    private static string Normalize(string path) => "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The host path of an image path, resolving symlinks inside the root (never on the host).</summary>
    private string? HostPath(string path, bool followLast, int depth = 0)
    {
        if (depth > 32) return null;
        var parts = new List<string>();
        var queue = new Queue<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        while (queue.Count > 0)
        {
            var p = queue.Dequeue();
            if (p == ".") continue;
            if (p == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            var host = Path.Combine([_root, .. parts, p]);
            var info = new FileInfo(host);
            if (info.LinkTarget is { } target && (queue.Count > 0 || followLast))
            {
                if (++depth > 32) return null;
                var rest = queue.ToList();
                if (target.StartsWith('/')) parts.Clear();
                queue = new Queue<string>(target.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                continue;
            }
            parts.Add(p);
        }
        return Path.Combine([_root, .. parts]);
    }
}
