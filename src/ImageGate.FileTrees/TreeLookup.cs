namespace ImageGate.FileTrees;

/// <summary>What <see cref="TreePath"/> found for a path.</summary>
/// <typeparam name="TNode">The tree's node (an inode, an entry).</typeparam>
/// <param name="Status">Found, missing, or too many symlinks.</param>
/// <param name="Node">The node found; null unless <see cref="TreeLookupStatus.Found"/>.</param>
/// <param name="Path">The resolved path (no symlink, no <c>.</c> or <c>..</c>); empty unless found.</param>
public sealed record TreeLookup<TNode>(TreeLookupStatus Status, TNode? Node, string Path)
    where TNode : class
{
    /// <summary>A component is missing, or an earlier one is not a directory.</summary>
    public static TreeLookup<TNode> Missing { get; } = new(TreeLookupStatus.Missing, null, "");

    /// <summary>More than <see cref="TreePath.MaxSymlinks"/> symlinks.</summary>
    public static TreeLookup<TNode> TooManySymlinks { get; } = new(TreeLookupStatus.TooManySymlinks, null, "");
}
