using ImageGate.DiskImages.Containers;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems;

/// <summary>What a driver found on a volume.</summary>
internal sealed record FileSystemProbe(string Kind, string? Uuid, string? Label);

/// <summary>One file-system type (ext, and later XFS …): recognises a volume and opens it. Register new ones in
/// <see cref="FileSystemDrivers.All"/>.</summary>
internal interface IFileSystemDriver
{
    /// <summary>Recognises the file system from its superblock, or null; must only throw for I/O damage.</summary>
    FileSystemProbe? Probe(VirtualDisk volume);

    /// <summary>Opens the file system read-only; <paramref name="description"/> is used in messages.</summary>
    IFileSystem Open(VirtualDisk volume, string description, DiskImageOptions options);
}
