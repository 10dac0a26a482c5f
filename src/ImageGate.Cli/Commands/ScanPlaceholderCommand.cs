using System.CommandLine;

namespace ImageGate.Cli.Commands;

/// <summary><c>imagegate scan IMAGE</c>: the policy gate (its rules land with issue "Policy scan").</summary>
public sealed class ScanPlaceholderCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public ScanPlaceholderCommand(CliEnvironment env) : base("scan", "Check a disk image against the endorsement policy", env)
    {
        Arguments.Add(Image);
        Options.Add(Json);
    }

    /// <summary>The image to scan.</summary>
    public Argument<FileInfo> Image { get; } = new("IMAGE") { Description = "Disk image (qcow2, VMDK, VHDX, raw), root directory or tar archive" };

    /// <summary>Print the report as JSON.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the report as JSON" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var image = context.Get(Image)!;
        if (!image.Exists && !Directory.Exists(image.FullName))
            throw new Core.Errors.BadInputException("no such file or directory", image.ToString());
        await context.Environment.Error.WriteLineAsync("imagegate scan: not implemented yet (issue \"Policy scan\")").ConfigureAwait(false);
        return ExitCodes.Unexpected;
    }
}
