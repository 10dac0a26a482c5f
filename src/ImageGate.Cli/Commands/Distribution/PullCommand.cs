using System.CommandLine;
using System.Text.Json.Nodes;
using ImageGate.Distribution.Client;
using ImageGate.Distribution.Pull;

namespace ImageGate.Cli.Commands.Distribution;

/// <summary><c>imagegate pull REFERENCE --output FILE</c>: fetches one image (layer[0] of the artifact), its digest
/// and size checked while streaming.</summary>
public sealed class PullCommand : VerbCommand
{
    private readonly RegistryCliOptions _registry = new();

    /// <summary>Creates the verb.</summary>
    public PullCommand(CliEnvironment env) : base("pull", "Pull a disk image from an OCI registry (layer[0], digest-checked)", env)
    {
        Arguments.Add(Reference);
        Options.Add(Output);
        Options.Add(Durable);
        Options.Add(Json);
        _registry.AddTo(this);
    }

    /// <summary>What to pull.</summary>
    public Argument<string> Reference { get; } = new("REFERENCE") { Description = "REGISTRY/REPOSITORY:TAG or REGISTRY/REPOSITORY@sha256:…" };

    /// <summary>--output.</summary>
    public Option<FileInfo> Output { get; } = new("--output", "-o") { Description = "File to write the image to (appears only once its digest is checked)", Required = true };

    /// <summary>--durable.</summary>
    public Option<bool> Durable { get; } = new("--durable")
    {
        Description = "Flush the image to disk (fsync) before it appears under --output, as site sync does for its cache; by default, like curl, skopeo and oras, the kernel writes it back in its own time",
    };

    /// <summary>--json.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print {reference, manifestDigest, layerDigest, size, mediaType, output} as JSON" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var reference = RegistryReference.Parse(context.Get(Reference)!);
        var output = env.ResolvePath(context.Get(Output)!.ToString());
        using var client = _registry.CreateClient(context, reference.Registry);
        var result = await new ImagePuller(client).PullAsync(reference, output, context.Get(Durable), line => env.Error.WriteLine($"imagegate: {line}"), cancellationToken);
        if (context.Get(Json))
        {
            var json = new JsonObject
            {
                ["reference"] = result.Reference,
                ["manifestDigest"] = result.ManifestDigest,
                ["layerDigest"] = result.LayerDigest,
                ["size"] = result.Size,
                ["mediaType"] = result.MediaType,
                ["output"] = result.OutputPath,
            };
            await env.Out.WriteLineAsync(json.ToJsonString(new() { WriteIndented = true }));
        }
        else
            await env.Out.WriteLineAsync($"pulled: {result.Reference} -> {result.OutputPath} ({result.Size} bytes, {result.LayerDigest})");
        return ExitCodes.Passed;
    }
}
