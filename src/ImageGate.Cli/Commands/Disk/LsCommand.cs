using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.DiskImages;
using ImageGate.FileTrees;

namespace ImageGate.Cli.Commands.Disk;

/// <summary><c>imagegate ls IMAGE [PATH]</c>: lists files inside a disk image without mounting it.</summary>
public sealed class LsCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public LsCommand(CliEnvironment env) : base("ls", "List files inside a disk image (qcow2, VMDK, VHDX, VHD, raw) without mounting it", env)
    {
        Arguments.Add(Image);
        Arguments.Add(PathArgument);
        Options.Add(Recursive);
        Options.Add(Long);
        Options.Add(Json);
        Options.Add(PartitionOption);
    }

    /// <summary>The disk image.</summary>
    public Argument<FileInfo> Image { get; } = new("IMAGE") { Description = "Disk image (qcow2, VMDK, VHDX, VHD or raw)" };

    /// <summary>The path inside the image.</summary>
    public Argument<string> PathArgument { get; } = new("PATH") { Description = "Path inside the image (default /)", DefaultValueFactory = _ => "/", Arity = ArgumentArity.ZeroOrOne };

    /// <summary>List the whole tree below PATH.</summary>
    public Option<bool> Recursive { get; } = new("--recursive", "-R") { Description = "List the whole tree below PATH" };

    /// <summary>Show mode, owner, size and link targets.</summary>
    public Option<bool> Long { get; } = new("--long", "-l") { Description = "Show type and mode, uid, gid, size, modification time and link targets" };

    /// <summary>Print one JSON array.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON array of {path, type, mode, uid, gid, size, target}" };

    /// <summary>The partition to read instead of the root file system.</summary>
    public Option<int?> PartitionOption { get; } = new("--partition", "-p") { Description = "Partition number (0 = whole disk); default: the root file system with /etc/fstab mounts" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var image = context.Environment.ResolvePath(context.Get(Image)!.ToString());
        var path = context.Get(PathArgument) ?? "/";
        if (!path.StartsWith('/')) path = "/" + path;
        using var disk = DiskImage.Open(image);
        using var fs = DiskCommandHelpers.OpenFileSystem(disk, context.Get(PartitionOption));
        var entry = fs.GetEntry(path) ?? throw new BadInputException($"no such file or directory in the image: {path}", image);
        if (entry.Kind == EntryKind.Symlink && (path.EndsWith('/') || !context.Get(Long) && !context.Get(Recursive))
            && fs.GetEntryFollowingLinks(path) is { Kind: EntryKind.Directory } followed)
            entry = followed with { Path = entry.Path };
        IEnumerable<FileEntry> entries = entry.Kind != EntryKind.Directory ? [entry]
            : context.Get(Recursive) ? fs.Walk(entry.Path)
            : fs.List(entry.Path);
        var output = context.Environment.Out;
        if (context.Get(Json))
        {
            using var stream = new MemoryStream();
            await using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
            {
                w.WriteStartArray();
                foreach (var e in entries)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    w.WriteStartObject();
                    w.WriteString("path", e.Path);
                    w.WriteString("type", DiskCommandHelpers.TypeName(e.Kind));
                    w.WriteString("mode", DiskCommandHelpers.OctalMode(e.Mode));
                    w.WriteNumber("uid", e.Uid);
                    w.WriteNumber("gid", e.Gid);
                    w.WriteNumber("size", e.Size);
                    if (e.LinkTarget is not null) w.WriteString("target", e.LinkTarget);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(stream.ToArray())).ConfigureAwait(false);
            return ExitCodes.Passed;
        }
        foreach (var e in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = context.Get(Recursive) ? e.Path : e.Name;
            if (!context.Get(Long)) { await output.WriteLineAsync(name).ConfigureAwait(false); continue; }
            var time = e.ModifiedTime?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{DiskCommandHelpers.ModeString(e.Kind, e.Mode)} {e.Uid,5} {e.Gid,5} {e.Size,12} {time} {name}");
            if (e.LinkTarget is not null) line += " -> " + e.LinkTarget;
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
        return ExitCodes.Passed;
    }
}
