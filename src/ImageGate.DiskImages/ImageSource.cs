using ImageGate.Core.Errors;
using ImageGate.DiskImages.FileSystems;
using ImageGate.DiskImages.FileSystems.Host;
using ImageGate.DiskImages.FileSystems.Tar;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages;

/// <summary>Opens whatever a scan is given: a root directory, a tar archive of a root file system, or a disk image.</summary>
public static class ImageSource
{
    private enum Kind { Directory, Tar, Disk }

    /// <summary>Describes the input at <paramref name="path"/> (format by magic, not by name); bad input when absent.</summary>
    public static ImageSourceInfo Inspect(string path, ImageSourceOptions? options = null)
    {
        var (full, kind) = Classify(path);
        switch (kind)
        {
            case Kind.Directory:
                return new ImageSourceInfo(full, "directory", null);
            case Kind.Tar:
                return new ImageSourceInfo(full, "tar", new FileInfo(full).Length);
            default:
                using (var disk = DiskImage.Open(full, options?.Disk ?? DiskImageOptions.Default))
                    return new ImageSourceInfo(full, disk.Format, new FileInfo(full).Length);
        }
    }

    /// <summary>Opens the input's root file tree: a directory as is, a tar archive by index, a disk image through the
    /// disk reader (its root file system, with the others mounted from its fstab). Disposing the tree closes the image.</summary>
    public static IFileSystem Open(string path, ImageSourceOptions? options = null)
    {
        var (full, kind) = Classify(path);
        return kind switch
        {
            Kind.Directory => new HostDirectoryFileSystem(full),
            Kind.Tar => new TarFileSystem(full),
            _ => OpenDisk(full, options?.Disk ?? DiskImageOptions.Default),
        };
    }

    private static (string Full, Kind Kind) Classify(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) return (full, Kind.Directory);
        if (!File.Exists(full)) throw new BadInputException("no such file or directory", path);
        var head = new byte[512];
        int read;
        try
        {
            using var stream = File.OpenRead(full);
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"cannot read: {ex.Message}", path, ex);
        }
        return (full, IsTar(head.AsSpan(0, read)) ? Kind.Tar : Kind.Disk);
    }

    private static IFileSystem OpenDisk(string path, DiskImageOptions options)
    {
        var disk = DiskImage.Open(path, options);
        try
        {
            return new OwningFileSystem(disk.OpenRootFileSystem(), disk);
        }
        catch
        {
            disk.Dispose();
            throw;
        }
    }

    internal static bool IsTar(ReadOnlySpan<byte> head) =>
        head.Length >= 263 && head[257..262].SequenceEqual("ustar"u8);
}
