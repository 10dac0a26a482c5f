using ImageGate.Core.Errors;
using ImageGate.DiskImages.FileSystems.Host;
using ImageGate.DiskImages.FileSystems.Tar;

namespace ImageGate.DiskImages;

/// <summary>Opens whatever a scan is given: a root directory, a tar archive of a root file system, or a disk image.</summary>
public static class ImageSource
{
    /// <summary>Describes the input at <paramref name="path"/> (format by magic, not by name); bad input when absent.</summary>
    public static ImageSourceInfo Inspect(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) return new ImageSourceInfo(full, "directory", null);
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
        var size = new FileInfo(full).Length;
        if (IsTar(head.AsSpan(0, read))) return new ImageSourceInfo(full, "tar", size);
        // MERGE: the disk reader names the format (DiskImage.Open(path).Format); this sniff stands in until then.
        return new ImageSourceInfo(full, SniffDiskFormat(head.AsSpan(0, read)), size);
    }

    /// <summary>Opens the input's root file tree: a directory as is, a tar archive by index, a disk image through the disk reader.</summary>
    public static IFileSystem Open(string path, ImageSourceOptions? options = null)
    {
        _ = options;
        var info = Inspect(path);
        return info.Format switch
        {
            "directory" => new HostDirectoryFileSystem(info.Path),
            "tar" => new TarFileSystem(info.Path),
            // MERGE: replace the next line with `_ => DiskImage.Open(info.Path).OpenRootFileSystem(),`
            _ => throw new BadInputException("disk images are read by ImageGate.DiskImages.DiskImage", path),
        };
    }

    private static readonly byte[] Qcow2Magic = [0x51, 0x46, 0x49, 0xFB];

    internal static bool IsTar(ReadOnlySpan<byte> head) =>
        head.Length >= 263 && head[257..262].SequenceEqual("ustar"u8);

    private static string SniffDiskFormat(ReadOnlySpan<byte> head) => head switch
    {
        _ when head.StartsWith(Qcow2Magic) => "qcow2",
        _ when head.StartsWith("KDMV"u8) || head.StartsWith("# Disk DescriptorFile"u8) => "vmdk",
        _ when head.StartsWith("vhdxfile"u8) => "vhdx",
        _ => "raw",
    };
}
