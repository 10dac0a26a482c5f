using ImageGate.DiskImages;
using ImageGate.FileTrees;
using ImageGate.Scanning;

namespace ImageGate.Cli.Commands.Scan;

/// <summary>Opens the IMAGE argument of scan and inventory: a disk image, a root directory or a tar archive.</summary>
internal static class ImageInput
{
    public static (IFileSystem FileSystem, ImageDescription Image) Open(CommandContext context, FileInfo argument, string? name)
    {
        var path = context.Environment.ResolvePath(argument.ToString());
        var info = ImageSource.Inspect(path);
        var fs = ImageSource.Open(path);
        var display = name ?? Path.GetFileName(info.Path.TrimEnd('/'));
        return (fs, new ImageDescription(info.Path, display, info.Format, info.Size));
    }
}
