namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>A name in a directory and the inode it points at.</summary>
internal readonly record struct XfsDirectoryEntry(string Name, ulong Inode);
