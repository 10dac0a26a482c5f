using System.CommandLine;
using ImageGate.Core.Errors;
using ImageGate.Patches;

namespace ImageGate.Cli.Commands.Scan;

/// <summary>The patch check's options, shared by <c>scan</c>, <c>run</c> (for its scan stage) and
/// <c>recheck</c>: <c>--mirror</c>, <c>--metadata-dir</c>, <c>--patch-cache</c> and, where a scan may skip the check,
/// <c>--no-patch-check</c>.</summary>
public sealed class PatchCheckCliOptions
{
    /// <summary>Adds the options to <paramref name="command"/>; <paramref name="withSkip"/> adds <c>--no-patch-check</c>.</summary>
    public PatchCheckCliOptions(Command command, bool withSkip)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Mirror);
        command.Options.Add(MetadataDir);
        command.Options.Add(PatchCache);
        if (withSkip) command.Options.Add(NoPatchCheck);
    }

    /// <summary>Repository URL rewrites.</summary>
    public Option<string[]> Mirror { get; } = new("--mirror")
    {
        Description = "Patch check: fetch repository metadata whose URL (without credentials) starts with FROM from TO instead (FROM=TO, repeatable; TO may be file:///DIR; the image's own file: URLs are refused)",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Offline repository metadata.</summary>
    public Option<DirectoryInfo?> MetadataDir { get; } = new("--metadata-dir")
    {
        Description = "Patch check: read repository metadata from DIR (DIR/host/path or DIR/path of each URL) instead of downloading it",
    };

    /// <summary>Download cache.</summary>
    public Option<DirectoryInfo?> PatchCache { get; } = new("--patch-cache") { Description = "Patch check: cache downloaded metadata in DIR (by SHA-256)" };

    /// <summary>Skips the patch check (only on the verbs that scan).</summary>
    public Option<bool> NoPatchCheck { get; } = new("--no-patch-check")
    {
        Description = "Do not check for missing security updates (reported as the finding patches/check-skipped)",
    };

    /// <summary>The patch check's options from the command line (a missing <c>--metadata-dir</c> is bad input).</summary>
    public PatchCheckOptions Resolve(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var env = context.Environment;
        string? metadata = null;
        if (context.Get(MetadataDir) is { } dir)
        {
            metadata = env.ResolvePath(dir.ToString());
            if (!Directory.Exists(metadata)) throw new BadInputException($"--metadata-dir {metadata} is not a directory", metadata);
        }
        return new PatchCheckOptions
        {
            Skip = context.Get(NoPatchCheck),
            Mirrors = (context.Get(Mirror) ?? []).Select(MirrorRewrite.Parse).ToList(),
            MetadataDirectory = metadata,
            CacheDirectory = context.Get(PatchCache) is { } c ? env.ResolvePath(c.ToString()) : null,
            TimeProvider = env.Time,
        };
    }
}
