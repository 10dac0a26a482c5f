using ImageGate.Core.Errors;

namespace ImageGate.FileTrees;

/// <summary>Path helpers over any <see cref="IFileSystem"/>.</summary>
public static class FileSystemPaths
{
    /// <summary>The entry at <paramref name="path"/> with a final symlink followed inside the tree (up to 40 hops);
    /// null when absent or dangling.</summary>
    public static FileEntry? GetEntryFollowingLinks(this IFileSystem fs, string path)
    {
        ArgumentNullException.ThrowIfNull(fs);
        var current = path;
        for (var hops = 0; hops <= 40; hops++)
        {
            var e = fs.GetEntry(current);
            if (e is null || e.Kind != EntryKind.Symlink) return e;
            var target = e.LinkTarget ?? "";
            var parent = e.Path[..Math.Max(1, e.Path.LastIndexOf('/'))];
            current = target.StartsWith('/') ? target : (parent == "/" ? "/" : parent + "/") + target;
        }
        throw new BadInputException($"too many levels of symbolic links resolving {path}", fs.Description);
    }
}
