using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ImageGate.Core.Errors;
using ImageGate.Signing.Verification;
using ImageGate.Site.Blocking;
using ImageGate.Site.Sources;
using ImageGate.Site.Sync;
using ImageGate.Site.Verification;

namespace ImageGate.Cli.Commands.Site;

/// <summary><c>imagegate site sync</c>: keeps a cache folder equal to the images the signed list endorses now.</summary>
public sealed class SiteSyncCommand : VerbCommand
{
    private readonly SignerOptions _signer = new();

    /// <summary>Creates the verb.</summary>
    public SiteSyncCommand(CliEnvironment env) : base("sync", "Verify the endorsed list, download new images into the cache, expire the ones no longer endorsed", env)
    {
        Options.Add(List);
        Options.Add(Bundle);
        _signer.AddTo(this);
        ImageSigner.AddWithoutTrustedRootTo(this);
        Options.Add(ImageSigners);
        Options.Add(Cache);
        Options.Add(Format);
        Options.Add(Block);
        Options.Add(Hook);
        Options.Add(KeepExpired);
        Options.Add(LockWait);
        Options.Add(Retries);
        Registry.AddTo(this);
        Options.Add(Json);
    }

    /// <summary>The list.</summary>
    public Option<string?> List { get; } = new("--list") { Description = "endorsed-images.json: an http(s) URL or a file" };

    /// <summary>The bundle.</summary>
    public Option<string?> Bundle { get; } = new("--bundle") { Description = "The list's Sigstore bundle (default: the list's location + .sigstore.json)" };

    /// <summary>The cache folder.</summary>
    public Option<DirectoryInfo?> Cache { get; } = new("--cache") { Description = "Cache folder: images/, expired/, state and lock" };

    /// <summary>Formats to fetch.</summary>
    public Option<string?> Format { get; } = new("--format") { Description = "Disk formats to fetch, comma-separated (e.g. qcow2,raw); default all" };

    /// <summary>Blocked images.</summary>
    public Option<string[]?> Block { get; } = new("--block") { Description = "Block NAME@VERSION (or NAME: every version) at this site; repeatable", AllowMultipleArgumentsPerToken = false };

    /// <summary>Hook command.</summary>
    public Option<string?> Hook { get; } = new("--hook") { Description = "Shell command run for every change, with IMAGEGATE_EVENT=available|expired|blocked and IMAGEGATE_IMAGE_* set" };

    /// <summary>Days to keep expired images.</summary>
    public Option<int> KeepExpired { get; } = new("--keep-expired") { Description = "Days an expired image stays in expired/ before it is deleted", DefaultValueFactory = _ => 7 };

    /// <summary>Seconds to wait for another sync.</summary>
    public Option<int> LockWait { get; } = new("--lock-wait") { Description = "Seconds to wait for another sync of the same cache to finish (0: fail at once)", DefaultValueFactory = _ => 600 };

    /// <summary>HTTP attempts.</summary>
    public Option<int> Retries { get; } = new("--retries") { Description = "HTTP attempts per request without progress", DefaultValueFactory = _ => 5 };

    /// <summary>JSON output.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON" };

    /// <summary>Who must have signed the Sigstore bundles attached to the images the list gives an <c>oci</c> location
    /// for (<c>--image-certificate-*</c>, <c>--image-key</c>; optional). In the GitHub flow the list is signed by the list
    /// repository's <c>publish-list.yml</c> and the images by the build repositories, so this is a second identity; without
    /// it the attached bundles are not checked and the sync says so for each image.</summary>
    public Signing.IdentityCliOptions ImageSigner { get; } = Signing.IdentityCliOptions.ForImageSigner();

    /// <summary>A file of trusted image signers (<c>--image-signers</c>, JSON; ImageGate.Signing's <c>TrustedSignersFile</c>):
    /// a site takes images from several VOs' build repositories, so an attached bundle passes when it verifies against any
    /// one of them (or the <c>--image-*</c> identity, tried first), and each result names the signer that matched.</summary>
    public Option<FileInfo?> ImageSigners { get; } = new("--image-signers")
    {
        Description = "Trusted image signers, a JSON file ({\"signers\": [{\"name\", \"certificateIdentity\"|\"certificateIdentityRegexp\", \"certificateOidcIssuer\", \"certificateGithubWorkflowRepository\", … | \"key\", \"insecureIgnoreTlog\"}]}): an attached bundle must verify against one of them (or the --image-* identity); the result names which",
    };

    /// <summary>Registry credentials for images the list gives only an <c>oci</c> location for (as for <c>pull</c>).</summary>
    public Distribution.RegistryCliOptions Registry { get; } = new();

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var list = context.Get(List) ?? throw new BadInputException("--list is required (a URL or a file)");
        var cache = context.Get(Cache) ?? throw new BadInputException("--cache is required (the folder images are kept in)");
        var keep = context.Get(KeepExpired);
        var lockWait = context.Get(LockWait);
        var retries = context.Get(Retries);
        if (keep < 0 || lockWait < 0 || retries < 1)
            throw new BadInputException("--keep-expired and --lock-wait must be 0 or more, --retries 1 or more");
        var blocked = BlockList.Parse(context.Get(Block) ?? []);
        var signer = _signer.Resolve(context);
        var verifier = await _signer.CreateVerifierAsync(context, cancellationToken);
        var imageOptions = ImageSigner.Read(context);
        var imageSigners = new List<SignerIdentity>();
        Signing.ImageSignersVerifier? imageBundles = null;
        var signersFile = context.Get(ImageSigners) is { } signersInfo ? context.Environment.ResolvePath(signersInfo.ToString()) : null;
        if (!imageOptions.IsEmpty || imageOptions.InsecureIgnoreTlog || signersFile is not null)
        {
            var trusted = new List<(VerificationPolicyOptions Options, VerificationPolicy Policy, string? Name)>();
            if (!imageOptions.IsEmpty || imageOptions.InsecureIgnoreTlog)
                trusted.Add((imageOptions, ImageSigner.ToPolicy(imageOptions), imageOptions.PublicKeySource is { } key ? "key " + key : null));
            if (signersFile is not null)
                foreach (var s in TrustedSignersFile.Read(signersFile))
                    trusted.Add((s.Options, s.Options.ToPolicy(), s.Name));
            imageBundles = new Signing.ImageSignersVerifier(
                new BundleVerifier(await _signer.Identity.ResolveTrustedRootAsync(context, cancellationToken), context.Environment.Time));
            foreach (var (o, policy, name) in trusted)
                imageSigners.Add(imageBundles.Add(o, policy, name));
        }
        var options = new SiteSyncOptions
        {
            List = list,
            Bundle = context.Get(Bundle),
            Signer = signer,
            Cache = context.Environment.ResolvePath(cache.ToString()),
            Formats = (context.Get(Format) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Blocked = blocked.Entries,
            Hook = context.Get(Hook),
            KeepExpired = TimeSpan.FromDays(keep),
            LockWait = TimeSpan.FromSeconds(lockWait),
            WorkingDirectory = context.Environment.WorkingDirectory,
            HookEnvironment = context.Environment.Variables,
            Http = new SiteHttpOptions { MaxAttempts = retries },
            Oci = new RegistryImageSource(registry => Registry.CreateClient(context, registry)),
            ImageSigners = imageSigners,
            ImageBundles = imageBundles,
        };
        var json = context.Get(Json);
        var err = context.Environment.Error;
        var sync = new SiteSync(verifier)
        {
            OnProgress = line => err.WriteLine($"imagegate: {line}"),
            OnEvent = e =>
            {
                if (!json)
                    context.Environment.Out.WriteLine($"{e.Kind.ToString().ToLowerInvariant(),-9} {e.Image.Image.Label} {e.FullPath ?? "-"}{(e.Image.Reason is { } r ? $" ({r})" : "")}{(e.Bundle is { } b ? $" (bundle {BundleName(b)}{(e.Signer is { } s ? $", signer {s}" : "")})" : "")}");
            },
        };
        var result = await sync.RunAsync(options, cancellationToken);
        if (json)
            await context.Environment.Out.WriteLineAsync(ToJson(result).ToJsonString(new() { WriteIndented = true }));
        else
        {
            foreach (var f in result.Failures)
                await err.WriteLineAsync($"imagegate: failed: {f.Label}: [{f.Reason}] {f.Message}");
            var count = (CachedImageStatus s) => result.Images.Count(i => i.Status == s);
            await context.Environment.Out.WriteLineAsync(
                $"list version {result.ListVersion} (expires {result.ListExpires:u}): {count(CachedImageStatus.Available)} available, " +
                $"{count(CachedImageStatus.Expired)} expired, {count(CachedImageStatus.Blocked)} blocked, {result.Failures.Count} failed, {result.Events.Count} changes");
        }
        context.Actions.SetOutput("list-version", result.ListVersion.ToString(CultureInfo.InvariantCulture));
        return ExitCodes.For(result.Outcome);
    }

    /// <summary>How an image's attached bundles were checked, as printed and in the JSON.</summary>
    private static string BundleName(ImageBundleCheck check) => check switch
    {
        ImageBundleCheck.Verified => "verified",
        ImageBundleCheck.None => "none",
        _ => "not-checked",
    };

    private static JsonObject ToJson(SyncResult result)
    {
        var images = new JsonArray();
        foreach (var i in result.Images)
            images.Add(new JsonObject
            {
                ["name"] = i.Image.Name,
                ["version"] = i.Image.Version,
                ["sha512"] = i.Image.Sha512,
                ["status"] = i.Status.ToString().ToLowerInvariant(),
                ["path"] = i.Path,
                ["reason"] = i.Reason,
            });
        var events = new JsonArray();
        foreach (var e in result.Events)
            events.Add(new JsonObject
            {
                ["event"] = e.Kind.ToString().ToLowerInvariant(),
                ["image"] = e.Image.Image.Label,
                ["path"] = e.FullPath,
                ["reason"] = e.Image.Reason,
                ["hookError"] = e.HookError,
                ["bundle"] = e.Bundle is { } b ? BundleName(b) : null,
                ["signer"] = e.Signer,
            });
        var failures = new JsonArray();
        foreach (var f in result.Failures)
            failures.Add(new JsonObject { ["image"] = f.Label, ["reason"] = f.Reason, ["message"] = f.Message });
        return new JsonObject
        {
            ["listVersion"] = result.ListVersion,
            ["listExpires"] = result.ListExpires,
            ["events"] = events,
            ["failures"] = failures,
            ["images"] = images,
            ["deleted"] = new JsonArray(result.Deleted.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
        };
    }
}
