using ImageGate.Core.Errors;

namespace ImageGate.FileTrees;

/// <summary>Path helpers over any <see cref="IFileSystem"/>, through the one resolver (<see cref="TreePath"/>).</summary>
public static class FileSystemPaths
{
    /// <summary>The entry at <paramref name="path"/> with a final symlink followed inside the tree (up to
    /// <see cref="TreePath.MaxSymlinks"/>); null when absent or dangling; bad input when the links go round.</summary>
    public static FileEntry? GetEntryFollowingLinks(this IFileSystem fs, string path)
    {
        var found = fs.ResolveEntry(path, followLast: true);
        if (found.Status == TreeLookupStatus.TooManySymlinks)
            throw new BadInputException($"too many levels of symbolic links resolving {path}", fs.Description);
        return found.Node;
    }

    /// <summary>Resolves <paramref name="path"/> in <paramref name="fs"/> (symlinks followed inside the tree; the last
    /// one too when <paramref name="followLast"/>), saying whether it was found, missing, or needed too many symlinks.</summary>
    public static TreeLookup<FileEntry> ResolveEntry(this IFileSystem fs, string path, bool followLast)
    {
        ArgumentNullException.ThrowIfNull(fs);
        return TreePath.Resolve(path, fs.GetEntry, followLast);
    }
}
