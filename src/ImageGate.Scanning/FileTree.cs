using System.Text;
using ImageGate.FileTrees;

namespace ImageGate.Scanning;

/// <summary>Small helpers over <see cref="IFileSystem"/> for rules: follow a symlink inside the tree, read a small text file.</summary>
internal static class FileTree
{
    /// <summary>The most a rule reads of one configuration file.</summary>
    public const int MaxConfigBytes = 16 * 1024 * 1024;

    /// <summary>The entry at <paramref name="path"/>, following symlinks inside the tree; null when absent or dangling.</summary>
    public static FileEntry? Resolve(IFileSystem fs, string path) => fs.ResolveEntry(path, followLast: true).Node;

    /// <summary>The text of a regular file (following symlinks), or null when absent; at most <see cref="MaxConfigBytes"/>.</summary>
    public static string? ReadText(IFileSystem fs, string path)
    {
        var entry = Resolve(fs, path);
        if (entry is not { Kind: EntryKind.File }) return null;
        return ReadText(fs, entry);
    }

    /// <summary>The text of a regular file entry (UTF-8, invalid bytes replaced), at most <see cref="MaxConfigBytes"/>.</summary>
    public static string ReadText(IFileSystem fs, FileEntry entry)
    {
        using var stream = fs.OpenRead(entry);
        var buffer = new byte[(int)Math.Min(entry.Size, MaxConfigBytes)];
        var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    /// <summary>Regular files (symlinks followed) in a directory whose names match, sorted by name.</summary>
    public static IEnumerable<FileEntry> FilesIn(IFileSystem fs, string dir, Func<string, bool>? nameFilter = null)
    {
        foreach (var e in fs.List(dir))
        {
            if (nameFilter is not null && !nameFilter(e.Name)) continue;
            var resolved = e.Kind == EntryKind.Symlink ? Resolve(fs, e.Path) : e;
            if (resolved is { Kind: EntryKind.File }) yield return resolved;
        }
    }

    /// <summary>True when a regular file, directory or symlink exists at any of the paths.</summary>
    public static bool AnyExists(IFileSystem fs, params string[] paths) => paths.Any(p => fs.GetEntry(p) is not null);

    public static string Parent(string path)
    {
        var i = path.LastIndexOf('/');
        return i <= 0 ? "" : path[..i];
    }

    public static string Normalize(string path) => TreePath.Normalize(path);
}
