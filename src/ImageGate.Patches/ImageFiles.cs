using ImageGate.Core.Errors;
using ImageGate.FileTrees;

namespace ImageGate.Patches;

/// <summary>Small helpers to read configuration files from an image (symlinks resolved inside the image only).</summary>
internal static class ImageFiles
{
    private const long MaxConfigBytes = 16L << 20;

    /// <summary>The regular file at <paramref name="path"/> (following symlinks inside the image), or null.</summary>
    public static FileEntry? Resolve(IFileSystem fs, string path) => fs.ResolveEntry(path, followLast: true).Node;

    public static string Normalize(string path) => TreePath.Normalize(path);

    public static byte[]? ReadBytes(IFileSystem fs, string path)
    {
        var entry = Resolve(fs, path);
        if (entry is null || entry.Kind != EntryKind.File) return null;
        if (entry.Size > MaxConfigBytes)
            throw new BadInputException($"file is {entry.Size} bytes, more than the limit of {MaxConfigBytes} for a configuration file", path);
        using var s = fs.OpenRead(entry);
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    public static string? ReadText(IFileSystem fs, string path) =>
        ReadBytes(fs, path) is { } b ? System.Text.Encoding.UTF8.GetString(b) : null;

    /// <summary>Regular files (or symlinks to them) directly in <paramref name="dir"/> whose names end with <paramref name="suffix"/>, sorted.</summary>
    public static IEnumerable<string> ListFiles(IFileSystem fs, string dir, string suffix)
    {
        var d = Resolve(fs, dir);
        if (d is null || d.Kind != EntryKind.Directory) return [];
        return fs.List(dir)
            .Where(e => e.Name.EndsWith(suffix, StringComparison.Ordinal) && e.Kind is EntryKind.File or EntryKind.Symlink)
            .Select(e => e.Path)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
    }
}
