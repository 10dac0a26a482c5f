using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ImageGate.Core.IO;
using ImageGate.Signing.TrustRoot.Tuf;

namespace ImageGate.Cli.Commands.Signing;

/// <summary><c>imagegate trusted-root update</c>: runs the TUF client workflow against the repository (root rotation,
/// timestamp, snapshot, targets), caches the verified <c>trusted_root.json</c> and prints what it fetched.</summary>
public sealed class TrustedRootUpdateCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public TrustedRootUpdateCommand(CliEnvironment env)
        : base("update", "Refresh the Sigstore trusted root through its TUF repository and cache it", env)
    {
        foreach (var o in new Option[] { TufUrl, TufRoot, TufCache, Output, Json })
            Options.Add(o);
    }

    /// <summary>The TUF repository.</summary>
    public Option<string?> TufUrl { get; } = new("--tuf-url")
    {
        Description = "TUF repository (default: the Sigstore public-good repository https://tuf-repo-cdn.sigstore.dev)",
    };

    /// <summary>The initial root of a private repository.</summary>
    public Option<FileInfo?> TufRoot { get; } = new("--tuf-root")
    {
        Description = "Initial root metadata (N.root.json) of a private TUF repository (the public-good one is embedded)",
    };

    /// <summary>The cache folder.</summary>
    public Option<DirectoryInfo?> TufCache { get; } = new("--tuf-cache")
    {
        Description = "TUF cache folder (default: $XDG_CACHE_HOME/imagegate/tuf/<url-hash>, or ~/.cache/…)",
    };

    /// <summary>Also write the trusted root here.</summary>
    public Option<FileInfo?> Output { get; } = new("--output") { Description = "Also write the verified trusted_root.json to this file" };

    /// <summary>JSON output.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var url = context.Get(TufUrl) ?? TufClient.PublicGoodUrl.AbsoluteUri;
        using var client = TrustedRootOptions.CreateClient(context, url, context.Get(TufRoot), context.Get(TufCache));
        var r = await client.UpdateAsync(cancellationToken).ConfigureAwait(false);
        string? output = null;
        if (context.Get(Output) is { } o)
        {
            output = env.ResolvePath(o.ToString());
            await AtomicFile.CopyAsync(r.TargetPath, output, cancellationToken).ConfigureAwait(false);
        }
        static string T(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        if (context.Get(Json))
        {
            var json = new JsonObject
            {
                ["repository"] = r.RepositoryUrl.AbsoluteUri,
                ["cache"] = r.CacheDirectory,
                ["rootVersionsFetched"] = new JsonArray([.. r.RootVersionsFetched.Select(v => (JsonNode)v)]),
                ["root"] = new JsonObject { ["version"] = r.RootVersion, ["expires"] = T(r.RootExpires) },
                ["timestamp"] = new JsonObject { ["version"] = r.TimestampVersion, ["expires"] = T(r.TimestampExpires) },
                ["snapshot"] = new JsonObject { ["version"] = r.SnapshotVersion, ["expires"] = T(r.SnapshotExpires) },
                ["targets"] = new JsonObject { ["version"] = r.TargetsVersion, ["expires"] = T(r.TargetsExpires) },
                ["trustedRoot"] = new JsonObject { ["path"] = r.TargetPath, ["sha256"] = r.TargetSha256, ["length"] = r.TargetLength, ["output"] = output },
            };
            await env.Out.WriteLineAsync(json.ToJsonString(new() { WriteIndented = true })).ConfigureAwait(false);
        }
        else
        {
            var rotated = r.RootVersionsFetched.Count == 0 ? "no new root" : "fetched " + string.Join(", ", r.RootVersionsFetched.Select(v => $"{v}.root.json"));
            await env.Out.WriteLineAsync($"TUF repository {r.RepositoryUrl}").ConfigureAwait(false);
            await env.Out.WriteLineAsync($"  root:      v{r.RootVersion}, expires {T(r.RootExpires)} ({rotated})").ConfigureAwait(false);
            await env.Out.WriteLineAsync($"  timestamp: v{r.TimestampVersion}, expires {T(r.TimestampExpires)}").ConfigureAwait(false);
            await env.Out.WriteLineAsync($"  snapshot:  v{r.SnapshotVersion}, expires {T(r.SnapshotExpires)}").ConfigureAwait(false);
            await env.Out.WriteLineAsync($"  targets:   v{r.TargetsVersion}, expires {T(r.TargetsExpires)}").ConfigureAwait(false);
            await env.Out.WriteLineAsync($"  trusted_root.json: sha256:{r.TargetSha256}, {r.TargetLength} bytes").ConfigureAwait(false);
            await env.Out.WriteLineAsync($"  cache: {r.CacheDirectory}").ConfigureAwait(false);
            if (output is not null) await env.Out.WriteLineAsync($"  written: {output}").ConfigureAwait(false);
        }
        context.Actions.SetOutput("trusted-root", output ?? r.TargetPath);
        return ExitCodes.Passed;
    }
}
