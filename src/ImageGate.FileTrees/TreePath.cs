namespace ImageGate.FileTrees;

/// <summary>The one path resolver of every file tree (ext, XFS, tar, host directory, mounted set, and any
/// <see cref="IFileSystem"/>): normalisation and symlink resolution that never leaves the tree (an absolute target
/// is taken relative to the tree's root, <c>..</c> stops at the root), with one symlink limit.</summary>
public static class TreePath
{
    /// <summary>The most symlinks one lookup may follow (as the Linux kernel's limit).</summary>
    public const int MaxSymlinks = 40;

    /// <summary>Normalises to <c>/a/b</c>: one leading slash, no empty, <c>.</c> or trailing components; <c>..</c> clamped at the root.</summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
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
        ArgumentNullException.ThrowIfNull(path);
        var i = path.LastIndexOf('/');
        return i <= 0 ? "/" : path[..i];
    }

    /// <summary>Resolves <paramref name="path"/> over a tree of nodes (inodes, entries): symlinks in every component but
    /// the last are followed inside the tree, and the last too when <paramref name="followLast"/>. A component that is
    /// missing, or an earlier component that is not a directory, gives <see cref="TreeLookupStatus.Missing"/>; more than
    /// <see cref="MaxSymlinks"/> symlinks give <see cref="TreeLookupStatus.TooManySymlinks"/>.</summary>
    /// <param name="path">The path asked for (absolute inside the tree).</param>
    /// <param name="root">The root directory's node.</param>
    /// <param name="lookup">The child named so in a directory node, or null.</param>
    /// <param name="isDirectory">Whether a node is a directory.</param>
    /// <param name="symlinkTarget">A symlink node's target; null for a node that is not a symlink.</param>
    /// <param name="followLast">Whether a final symlink is followed too.</param>
    public static TreeLookup<TNode> Resolve<TNode>(string path, TNode root, Func<TNode, string, TNode?> lookup,
        Func<TNode, bool> isDirectory, Func<TNode, string?> symlinkTarget, bool followLast)
        where TNode : class
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(isDirectory);
        ArgumentNullException.ThrowIfNull(symlinkTarget);
        var pending = new Stack<string>();
        Push(pending, path);
        var chain = new List<(string Name, TNode Node)>();
        var followed = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == "..")
            {
                if (chain.Count > 0) chain.RemoveAt(chain.Count - 1);
                continue;
            }
            var dir = chain.Count > 0 ? chain[^1].Node : root;
            if (!isDirectory(dir) || lookup(dir, part) is not { } child) return TreeLookup<TNode>.Missing;
            var isLast = pending.Count == 0;
            if ((!isLast || followLast) && symlinkTarget(child) is { } target)
            {
                if (++followed > MaxSymlinks) return TreeLookup<TNode>.TooManySymlinks;
                if (target.Length == 0) return TreeLookup<TNode>.Missing;
                if (target.StartsWith('/')) chain.Clear();
                Push(pending, target);
                continue;
            }
            if (!isLast && !isDirectory(child)) return TreeLookup<TNode>.Missing;
            chain.Add((part, child));
        }
        return new TreeLookup<TNode>(TreeLookupStatus.Found, chain.Count > 0 ? chain[^1].Node : root,
            "/" + string.Join('/', chain.Select(c => c.Name)));
    }

    /// <summary>Resolves <paramref name="path"/> over a tree known by its entries (<paramref name="lstat"/> gives the
    /// entry at a resolved path without following it); the lookup's <see cref="TreeLookup{TNode}.Path"/> is the resolved path.</summary>
    public static TreeLookup<FileEntry> Resolve(string path, Func<string, FileEntry?> lstat, bool followLast)
    {
        ArgumentNullException.ThrowIfNull(lstat);
        var root = new Located("/", lstat("/") ?? new FileEntry("/", EntryKind.Directory, 0, 0, 0, 0));
        var found = Resolve(path, root, (dir, name) => Join(dir.Path, name) is var p && lstat(p) is { } e ? new Located(p, e) : null,
            n => n.Entry.Kind == EntryKind.Directory, n => n.Entry.Kind == EntryKind.Symlink ? n.Entry.LinkTarget ?? "" : null, followLast);
        return new TreeLookup<FileEntry>(found.Status, found.Node?.Entry, found.Path);
    }

    /// <summary>The resolved path of <paramref name="path"/> (see <see cref="Resolve(string, Func{string, FileEntry?}, bool)"/>),
    /// or null when it is missing or needs too many symlinks.</summary>
    public static string? ResolvePath(string path, Func<string, FileEntry?> lstat, bool followLast) =>
        Resolve(path, lstat, followLast) is { Status: TreeLookupStatus.Found } found ? found.Path : null;

    private sealed record Located(string Path, FileEntry Entry);

    private static void Push(Stack<string> pending, string path)
    {
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            if (part != ".") pending.Push(part);
    }
}
