namespace ImageGate.FileTrees;

/// <summary>The kind of a file-system entry.</summary>
public enum EntryKind
{
    /// <summary>A regular file.</summary>
    File,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A symbolic link (data: never followed on the host).</summary>
    Symlink,
    /// <summary>A character device node.</summary>
    CharDevice,
    /// <summary>A block device node.</summary>
    BlockDevice,
    /// <summary>A named pipe.</summary>
    Fifo,
    /// <summary>A Unix socket.</summary>
    Socket,
}
