namespace ImageGate.DiskImages;

/// <summary>Limits and permissions for reading a disk image; the defaults suit untrusted images.</summary>
public sealed record DiskImageOptions
{
    /// <summary>The defaults.</summary>
    public static DiskImageOptions Default { get; } = new();

    /// <summary>Allow backing files (qcow2) and extents (VMDK descriptors) outside the image's own folder.</summary>
    public bool AllowBackingOutsideFolder { get; init; }

    /// <summary>The longest chain of backing files followed.</summary>
    public int MaxBackingChainDepth { get; init; } = 16;

    /// <summary>The largest metadata table (qcow2 L1, VMDK grain directory, VHDX BAT, GPT entries) read into memory.</summary>
    public long MaxTableBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest directory (in bytes) a file system reader accepts.</summary>
    public long MaxDirectoryBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The largest virtual disk size accepted (default 64 TiB).</summary>
    public long MaxVirtualSize { get; init; } = 64L << 40;

    /// <summary>The most logical partitions followed in an MBR extended chain.</summary>
    public int MaxLogicalPartitions { get; init; } = 128;

    /// <summary>The largest file (apparent size, holes included) whose content is served; 0 means 8 times the
    /// size of its volume but at least 4 GiB. Bounds the time a consumer spends reading the holes of a hostile
    /// "sparse" file that claims terabytes.</summary>
    public long MaxFileSize { get; init; }

    /// <summary>Bytes of decoded metadata (L2 tables, grain tables, file-system blocks) each cache keeps.</summary>
    public long CacheBytes { get; init; } = 32L * 1024 * 1024;
}
