using ImageGate.DiskImages.Internal;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems;

/// <summary>A root file system with others mounted on its directories (from /etc/fstab). Paths crossing a mount
/// point are served by the mounted file system; symlinks are resolved across mounts, inside the tree.</summary>
internal sealed class MountedFileSystem : IFileSystem
{
    private readonly IFileSystem _root;
    private readonly List<(string Point, IFileSystem Fs)> _mounts;
    private readonly string _image;

    public MountedFileSystem(string image, IFileSystem root, IEnumerable<(string Point, IFileSystem Fs)> mounts)
    {
        _image = image;
        _root = root;
        _mounts = [.. mounts.OrderByDescending(m => m.Point.Length)];
        Description = _mounts.Count == 0 ? root.Description
            : $"{root.Description} with {string.Join(", ", _mounts.Select(m => $"{m.Fs.Description} at {m.Point}"))}";
    }

    public string Description { get; }

    private (IFileSystem Fs, string Inner, string Point) Route(string normalized)
    {
        foreach (var (point, fs) in _mounts)
            if (normalized == point || normalized.StartsWith(point + "/", StringComparison.Ordinal))
                return (fs, normalized == point ? "/" : normalized[point.Length..], point);
        return (_root, normalized, "/");
    }

    private static string Join(string point, string inner) => point == "/" ? inner : inner == "/" ? point : point + inner;

    private FileEntry? Raw(string normalized)
    {
        var (fs, inner, point) = Route(normalized);
        var e = fs.GetEntry(inner);
        return e is null ? null : e with { Path = Join(point, e.Path) };
    }

    /// <summary>Resolves every component but (optionally) the last; returns the normalized physical path or null.</summary>
    private string? Resolve(string path, bool followLast)
    {
        var found = TreePath.Resolve(path, Raw, followLast);
        if (found.Status == TreeLookupStatus.TooManySymlinks)
            throw Fail.Bad(_image, $"{Description}: too many levels of symbolic links resolving {path}");
        return found.Status == TreeLookupStatus.Found ? found.Path : null;
    }

    public FileEntry? GetEntry(string path)
    {
        var resolved = Resolve(path, followLast: false);
        return resolved is null ? null : Raw(resolved);
    }

    public IReadOnlyList<FileEntry> List(string path)
    {
        var resolved = Resolve(path, followLast: true);
        if (resolved is null) return [];
        var (fs, inner, point) = Route(resolved);
        return fs.List(inner).Select(e => e with { Path = Join(point, e.Path) }).ToList();
    }

    public IEnumerable<FileEntry> Walk(string path = "/")
    {
        var start = GetEntry(path) ?? throw Fail.Bad(_image, $"{Description}: no such file or directory: {path}");
        return WalkFrom(start.Path);
    }

    private IEnumerable<FileEntry> WalkFrom(string normalized)
    {
        var (fs, inner, point) = Route(normalized);
        foreach (var e in fs.Walk(inner))
        {
            var full = Join(point, e.Path);
            var owner = Route(full).Point;
            if (owner != point)
            {
                // a mount point inside this file system: the mounted tree replaces the directory and what it held
                if (full == owner)
                    foreach (var n in WalkFrom(full)) yield return n;
                continue;
            }
            yield return e with { Path = full };
        }
    }

    public Stream OpenRead(FileEntry entry)
    {
        var (fs, inner, _) = Route(entry.Path);
        return fs.OpenRead(entry with { Path = inner });
    }

    public void Dispose()
    {
        foreach (var (_, fs) in _mounts) fs.Dispose();
        _root.Dispose();
    }
}
