namespace ImageGate.FileTrees;

/// <summary>Path helpers shared by the file-tree implementations: normalisation and symlink resolution that
/// never leaves the tree (an absolute target is taken relative to the tree's root, <c>..</c> stops at the root).</summary>
public static class TreePath
{
    /// <summary>The most symlinks one lookup may follow (as the Linux kernel's limit).</summary>
    public const int MaxSymlinks = 40;

    /// <summary>Normalises to <c>/a/b</c>: one leading slash, no empty, <c>.</c> or trailing components; <c>..</c> clamped at the root.</summary>
    public static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>Joins a directory and a name.</summary>
    public static string Join(string dir, string name) => dir == "/" ? "/" + name : dir + "/" + name;

    /// <summary>The parent of a normalised path (<c>/</c> for the root).</summary>
    public static string Parent(string path)
    {
        var i = path.LastIndexOf('/');
        return i <= 0 ? "/" : path[..i];
    }

    /// <summary>Resolves <paramref name="path"/> inside a tree: symlinks in every component but the last are followed
    /// (inside the tree), and the last too when <paramref name="followLast"/>. Returns null when a component is missing,
    /// is not a directory, or the symlink limit is exceeded.</summary>
    public static string? Resolve(string path, Func<string, FileEntry?> lstat, bool followLast)
    {
        var pending = new Stack<string>();
        foreach (var part in Normalize(path).Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(part);
        var current = "/";
        var followed = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..") { current = Parent(current); continue; }
            var candidate = Join(current, part);
            var entry = lstat(candidate);
            if (entry is null) return null;
            var isLast = pending.Count == 0;
            if (entry.Kind == EntryKind.Symlink && (!isLast || followLast))
            {
                if (++followed > MaxSymlinks || string.IsNullOrEmpty(entry.LinkTarget)) return null;
                var target = entry.LinkTarget;
                if (target.StartsWith('/')) current = "/";
                foreach (var t in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(t);
                continue;
            }
            if (!isLast && entry.Kind != EntryKind.Directory) return null;
            current = candidate;
        }
        return current;
    }
}
