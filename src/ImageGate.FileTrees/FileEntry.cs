namespace ImageGate.FileTrees;

/// <summary>One entry of a file system inside an image (or a root directory or tar archive).</summary>
/// <param name="Path">Absolute path inside the image, starting with <c>/</c>, components separated by <c>/</c>.</param>
/// <param name="Kind">File, directory, symlink, device, fifo or socket.</param>
/// <param name="Mode">Permission bits including setuid/setgid/sticky (<c>07777</c> mask).</param>
/// <param name="Uid">Owner user id.</param>
/// <param name="Gid">Owner group id.</param>
/// <param name="Size">Size in bytes (a symlink's size is its target's length).</param>
public sealed record FileEntry(string Path, EntryKind Kind, int Mode, long Uid, long Gid, long Size)
{
    /// <summary>Target of a symlink, as stored; null for other kinds.</summary>
    public string? LinkTarget { get; init; }

    /// <summary>Last modification time, when the file system records it.</summary>
    public DateTimeOffset? ModifiedTime { get; init; }

    /// <summary>The file system's own identity of the entry (inode number), equal for hard links.</summary>
    public long NodeId { get; init; }

    /// <summary>Device number (major, minor) for device nodes.</summary>
    public (int Major, int Minor)? Device { get; init; }

    /// <summary>The file name (last path component; <c>/</c> for the root).</summary>
    public string Name => Path == "/" ? "/" : Path[(Path.LastIndexOf('/') + 1)..];
}
