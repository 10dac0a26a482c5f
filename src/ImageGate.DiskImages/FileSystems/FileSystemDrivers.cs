using ImageGate.DiskImages.Containers;
using ImageGate.DiskImages.FileSystems.Ext;
using ImageGate.DiskImages.FileSystems.Xfs;

namespace ImageGate.DiskImages.FileSystems;

/// <summary>The file-system drivers tried, in order, on every partition.</summary>
internal static class FileSystemDrivers
{
    public static IReadOnlyList<IFileSystemDriver> All { get; } = [new ExtDriver(), new XfsDriver()];

    public static (IFileSystemDriver Driver, FileSystemProbe Probe)? Find(VirtualDisk volume)
    {
        foreach (var d in All)
            if (d.Probe(volume) is { } p) return (d, p);
        return null;
    }
}
