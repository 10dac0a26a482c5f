namespace ImageGate.FileTrees;

/// <summary>The outcome of resolving a path in a file tree.</summary>
public enum TreeLookupStatus
{
    /// <summary>The path resolved to a node.</summary>
    Found,
    /// <summary>A component is missing, or an earlier one is not a directory (or a symlink is empty).</summary>
    Missing,
    /// <summary>More than <see cref="TreePath.MaxSymlinks"/> symlinks were met.</summary>
    TooManySymlinks,
}
