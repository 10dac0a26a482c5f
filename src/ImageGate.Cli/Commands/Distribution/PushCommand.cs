using System.CommandLine;
using System.Text.Json.Nodes;
using ImageGate.Core.Errors;
using ImageGate.Distribution.Client;
using ImageGate.Distribution.Push;

namespace ImageGate.Cli.Commands.Distribution;

/// <summary><c>imagegate push IMAGE REGISTRY/REPOSITORY[:TAG[,TAG…]]</c>: the disk image as a single-layer OCI
/// artifact shaped like EGI's, with the bundle, SBOM and report attached as referrers.</summary>
public sealed class PushCommand : VerbCommand
{
    private readonly RegistryCliOptions _registry = new();

    /// <summary>Creates the verb.</summary>
    public PushCommand(CliEnvironment env) : base("push", "Push a disk image to an OCI registry as a single-layer artifact (EGI's shape)", env)
    {
        Arguments.Add(Image);
        Arguments.Add(Target);
        foreach (var o in new Option[] { Annotation, Version, Bundle, Sbom, Report, NoDigestCache, Json }) Options.Add(o);
        _registry.AddTo(this);
    }

    /// <summary>The disk image.</summary>
    public Argument<FileInfo> Image { get; } = new("IMAGE") { Description = "Disk image file (qcow2, raw, VMDK, VHDX)" };

    /// <summary>Where to push.</summary>
    public Argument<string> Target { get; } = new("REFERENCE")
    {
        Description = "REGISTRY/REPOSITORY[:TAG[,TAG…]]; without a tag: VERSION-<first 12 hex of the image sha256>, which EGI's atrope (^[^-]*$) ignores",
    };

    /// <summary>--annotation KEY=VALUE.</summary>
    public Option<string[]> Annotation { get; } = new("--annotation") { Description = "KEY=VALUE, repeatable; wins over what is read from the image (created/revision/source go on the manifest, the rest on layer[0])", AllowMultipleArgumentsPerToken = false };

    /// <summary>--version.</summary>
    public Option<string?> Version { get; } = new("--version") { Description = "Version part of the default tag (default: the image's os-release VERSION_ID)" };

    /// <summary>--bundle.</summary>
    public Option<FileInfo?> Bundle { get; } = new("--bundle") { Description = "Sigstore bundle to attach as a referrer" };

    /// <summary>--sbom.</summary>
    public Option<FileInfo?> Sbom { get; } = new("--sbom") { Description = "SBOM (SPDX or CycloneDX JSON) to attach as a referrer" };

    /// <summary>--report.</summary>
    public Option<FileInfo?> Report { get; } = new("--report") { Description = "Scan report (JSON) to attach as a referrer" };

    /// <summary>--no-digest-cache.</summary>
    public Option<bool> NoDigestCache { get; } = new("--no-digest-cache")
    {
        Description = "Hash the image even when the digest cache ($XDG_CACHE_HOME/imagegate/sha256-cache.json) knows it unchanged (same device, inode, size, mtime, ctime)",
    };

    /// <summary>--json.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print {reference, manifestDigest, layerDigest, tags, referrers} as JSON" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var target = RegistryReference.Parse(context.Get(Target)!, allowTagList: true);
        var annotations = WithActionsAnnotations(env, ParseAnnotations(context.Get(Annotation) ?? []));
        var request = new PushRequest(env.ResolvePath(context.Get(Image)!.ToString()), target)
        {
            Annotations = annotations,
            Version = context.Get(Version),
            BundlePath = Resolve(env, context.Get(Bundle)),
            SbomPath = Resolve(env, context.Get(Sbom)),
            ReportPath = Resolve(env, context.Get(Report)),
            Created = env.Time.GetUtcNow(),
        };
        using var client = _registry.CreateClient(context, target.Registry);
        var digests = context.Get(NoDigestCache) ? null : new Core.IO.Sha256Cache(Core.IO.Sha256Cache.DefaultPath(env.Get), env.Time);
        var result = await new ImagePusher(client, digests).PushAsync(request, line => env.Error.WriteLine($"imagegate: {line}"), cancellationToken);
        if (context.Get(Json))
        {
            var json = new JsonObject
            {
                ["reference"] = result.Reference,
                ["manifestDigest"] = result.ManifestDigest,
                ["layerDigest"] = result.LayerDigest,
                ["tags"] = new JsonArray(result.Tags.Select(t => (JsonNode)t).ToArray()),
                ["referrers"] = new JsonArray(result.Referrers.Select(r => (JsonNode)new JsonObject
                {
                    ["kind"] = r.Kind, ["artifactType"] = r.ArtifactType, ["digest"] = r.ManifestDigest,
                }).ToArray()),
            };
            await env.Out.WriteLineAsync(json.ToJsonString(new() { WriteIndented = true }));
        }
        else
        {
            await env.Out.WriteLineAsync(Describe(result));
        }
        context.Actions.SetOutput("oci-reference", result.Reference);
        return ExitCodes.Passed;
    }

    /// <summary>The line a push prints for people.</summary>
    internal static string Describe(PushResult result) =>
        $"pushed: {result.Reference} (tags: {string.Join(", ", result.Tags)}; layer {result.LayerDigest}{(result.Referrers.Count > 0 ? $"; {result.Referrers.Count} referrer(s)" : "")})";

    /// <summary><paramref name="annotations"/> plus the manifest's revision and source from GitHub Actions (GITHUB_SHA,
    /// GITHUB_REPOSITORY) where not given.</summary>
    internal static Dictionary<string, string> WithActionsAnnotations(CliEnvironment env, Dictionary<string, string> annotations)
    {
        foreach (var (key, variable) in new[] { (ImageAnnotations.Revision, "GITHUB_SHA"), (ImageAnnotations.Source, "GITHUB_REPOSITORY") })
            if (!annotations.ContainsKey(key) && env.Get(variable) is { } value)
                annotations[key] = key == ImageAnnotations.Source ? $"{env.Get("GITHUB_SERVER_URL") ?? "https://github.com"}/{value}" : value;
        return annotations;
    }

    private static string? Resolve(CliEnvironment env, FileInfo? file) => file is null ? null : env.ResolvePath(file.ToString());

    private static Dictionary<string, string> ParseAnnotations(string[] values)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            var eq = v.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new BadInputException($"--annotation '{v}': expected KEY=VALUE");
            map[v[..eq]] = v[(eq + 1)..];
        }
        return map;
    }
}
