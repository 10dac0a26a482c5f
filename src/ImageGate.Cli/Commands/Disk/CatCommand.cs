using System.CommandLine;
using ImageGate.Core.Errors;
using ImageGate.DiskImages;
using ImageGate.FileTrees;

namespace ImageGate.Cli.Commands.Disk;

/// <summary><c>imagegate cat IMAGE PATH</c>: writes a file's bytes from inside a disk image to standard output.</summary>
public sealed class CatCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public CatCommand(CliEnvironment env) : base("cat", "Write a file inside a disk image to standard output", env)
    {
        Arguments.Add(Image);
        Arguments.Add(PathArgument);
        Options.Add(PartitionOption);
    }

    /// <summary>The disk image.</summary>
    public Argument<FileInfo> Image { get; } = new("IMAGE") { Description = "Disk image (qcow2, VMDK, VHDX, VHD or raw)" };

    /// <summary>The file inside the image.</summary>
    public Argument<string> PathArgument { get; } = new("PATH") { Description = "Absolute path of a file inside the image (symlinks are followed inside the image)" };

    /// <summary>The partition to read instead of the root file system.</summary>
    public Option<int?> PartitionOption { get; } = new("--partition", "-p") { Description = "Partition number (0 = whole disk); default: the root file system with /etc/fstab mounts" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var image = context.Environment.ResolvePath(context.Get(Image)!.ToString());
        var path = context.Get(PathArgument)!;
        if (!path.StartsWith('/')) path = "/" + path;
        using var disk = DiskImage.Open(image);
        using var fs = DiskCommandHelpers.OpenFileSystem(disk, context.Get(PartitionOption));
        var entry = fs.GetEntryFollowingLinks(path) ?? throw new BadInputException($"no such file in the image: {path}", image);
        if (entry.Kind != EntryKind.File) throw new BadInputException($"{path} is not a regular file in the image (it is a {DiskCommandHelpers.TypeName(entry.Kind)})", image);
        await using var content = fs.OpenRead(entry);
        await using var stdout = context.Environment.OpenStandardOutput();
        await content.CopyToAsync(stdout, 1 << 20, cancellationToken).ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
