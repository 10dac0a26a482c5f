using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageGate.Cli.Commands.Build;
using ImageGate.Cli.Commands.Endorsement;
using ImageGate.Cli.Commands.Scan;
using SignCommandBase = ImageGate.Cli.Commands.Signing.SignCommandBase;
using ImageGate.Core.Errors;
using ImageGate.Pipeline;
using ImageGate.Scanning.Policy;
using ImageGate.Scanning.Rules;
using ImageGate.Signing.Keyless;
using ImageGate.Signing.Keys;
using ImageGate.Signing.Verification;

namespace ImageGate.Cli.Commands.Pipeline;

/// <summary><c>imagegate run TEMPLATE</c>: the pipeline in one verb (what the GitHub Action calls): build → scan every
/// image → sign those that pass → push (with <c>--registry</c>) → endorse. It maps its options to one
/// <see cref="PipelineRequest"/>, runs <see cref="PipelineRunner"/> (ImageGate.Pipeline), prints what each stage
/// reports, and writes <c>run.json</c> (the action's outputs) from the typed result, whether it passed or not.</summary>
public sealed class RunCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public RunCommand(CliEnvironment env) : base("run", "Build with Packer, scan, sign, push and endorse in one go", env)
    {
        Arguments.Add(Template);
        foreach (var o in new Option[] { Var, VarFile, Only, ImageName, ImageVersion, Uri, Registry, OutputDir, Policy, FailOn, Signing, Key,
                     IdentityToken, FulcioUrl, RekorUrl, TsaUrl, TrustedRoot, TufUrl, TufRoot, TufCache, ListRepo, Base, GitHubRepository, GitHubApiUrl, DryRun, Json })
            Options.Add(o);
        Patches = new PatchCheckCliOptions(this, withSkip: true);
        ImageSigner.AddKeylessIdentityTo(this);
        RegistryAccess.AddTo(this);
    }

    /// <summary>Where the signed image is pushed before it is endorsed.</summary>
    public Option<string?> Registry { get; } = new("--registry")
    {
        Description = "Push each signed image to REGISTRY/NAMESPACE/NAME (tag VERSION-<12 hex of its digest> only; bundle, SBOM and report as referrers) before endorsing, and record that oci location",
    };

    /// <summary>Registry credentials and plain HTTP for <c>--registry</c> (as for <c>push</c>).</summary>
    public Distribution.RegistryCliOptions RegistryAccess { get; } = new();

    /// <summary>The image's expected keyless signer, which <c>endorse</c> verifies the fresh bundle against (in GitHub
    /// Actions it defaults to a workflow of this job's repository, GITHUB_REPOSITORY; with <c>--signing key</c> the
    /// public half of <c>--key</c> is used).</summary>
    public Signing.IdentityCliOptions ImageSigner { get; } = new();

    /// <summary>The Packer template.</summary>
    public Argument<string> Template { get; } = new("TEMPLATE") { Description = "Packer template (.json, .pkr.hcl, .pkr.json) or HCL2 folder" };

    /// <summary>Template variables.</summary>
    public Option<string[]> Var { get; } = new("--var") { Description = "Template variable KEY=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };

    /// <summary>Packer variable files.</summary>
    public Option<string[]> VarFile { get; } = new("--var-file") { Description = "Packer variable file (repeatable)" };

    /// <summary>Only these builds.</summary>
    public Option<string[]> Only { get; } = new("--only") { Description = "Only these builds (repeatable or comma-separated)" };

    /// <summary>Image name in the endorsed list.</summary>
    public Option<string?> ImageName { get; } = new("--image-name") { Description = "Image name in the endorsed list (default: the image file's name)" };

    /// <summary>Image version in the endorsed list.</summary>
    public Option<string?> ImageVersion { get; } = new("--image-version") { Description = "Image version in the endorsed list (default: the UTC build time, yyyy.MM.dd-HHmmss)" };

    /// <summary>Where sites will download the image.</summary>
    public Option<string?> Uri { get; } = new("--uri") { Description = "Where sites will download the image (recorded in the endorsement); with --list-repo give --uri, --registry or both" };

    /// <summary>Where every report and bundle goes.</summary>
    public Option<string> OutputDir { get; } = new("--output-dir") { Description = "Folder for build.json, the reports, the SBOM, the bundle and run.json", DefaultValueFactory = _ => "imagegate-output" };

    /// <summary>Policy file.</summary>
    public Option<FileInfo?> Policy { get; } = new("--policy") { Description = "Policy file (default: the embedded policy)" };

    /// <summary>Gate threshold.</summary>
    public Option<string?> FailOn { get; } = new("--fail-on") { Description = "Fail at this severity or above (default high)" };

    /// <summary>keyless or key.</summary>
    public Option<string> Signing { get; } = new Option<string>("--signing") { Description = "keyless (Sigstore, OIDC) or key (--key)", DefaultValueFactory = _ => "keyless" }.AcceptOnlyFromAmong("keyless", "key");

    /// <summary>Signing key for key signing.</summary>
    public Option<FileInfo?> Key { get; } = new("--key") { Description = "ECDSA P-256 private key (PEM) for --signing key" };

    /// <summary>OIDC token for keyless signing.</summary>
    public Option<string?> IdentityToken { get; } = new("--identity-token") { Description = "OIDC identity token (default: from GitHub Actions)" };

    /// <summary>Fulcio URL.</summary>
    public Option<string?> FulcioUrl { get; } = new("--fulcio-url") { Description = "Fulcio URL (keyless; default public-good)" };

    /// <summary>Rekor URL.</summary>
    public Option<string?> RekorUrl { get; } = new("--rekor-url") { Description = "Rekor URL (default public-good for keyless)" };

    /// <summary>TSA URL.</summary>
    public Option<string?> TsaUrl { get; } = new("--tsa-url") { Description = "RFC 3161 timestamp authority URL" };

    /// <summary>Where the trusted root of the signing services comes from (<c>--trusted-root</c>, <c>--tuf-url</c>,
    /// <c>--tuf-root</c>, <c>--tuf-cache</c>): the sign stage checks the new bundle against it, the endorse stage verifies it.</summary>
    public Signing.TrustedRootOptions TrustedRoots { get; } = new("Trusted root of the signing services (default: --tuf-url if given, else public-good)");

    /// <summary>Trusted root of the signing services.</summary>
    public Option<FileInfo?> TrustedRoot => TrustedRoots.File;

    /// <summary>TUF repository of the trusted root.</summary>
    public Option<string?> TufUrl => TrustedRoots.TufUrl;

    /// <summary>Initial root of a private TUF repository.</summary>
    public Option<FileInfo?> TufRoot => TrustedRoots.TufRoot;

    /// <summary>TUF cache folder.</summary>
    public Option<DirectoryInfo?> TufCache => TrustedRoots.TufCache;

    /// <summary>The endorsed-list repository.</summary>
    public Option<string?> ListRepo { get; } = new("--list-repo") { Description = "The endorsed-list repository (path or URL); without it the pipeline stops after signing" };

    /// <summary>Base branch of the list repository.</summary>
    public Option<string?> Base { get; } = new("--base") { Description = "Base branch of the list repository (default main)" };

    /// <summary>GitHub repository for the pull request.</summary>
    public Option<string?> GitHubRepository { get; } = new("--github-repository") { Description = "OWNER/NAME of the list repository on GitHub (pull request); without it endorse commits locally" };

    /// <summary>GitHub API URL.</summary>
    public Option<string?> GitHubApiUrl { get; } = new("--github-api-url") { Description = "GitHub REST API URL (default https://api.github.com)" };





    /// <summary>The patch check's options, passed to the scan.</summary>
    public PatchCheckCliOptions Patches { get; }

    /// <summary>Everything but push and pull request.</summary>
    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Do everything but the registry push, the branch push and the pull request" };

    /// <summary>Machine output.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print run.json at the end" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var output = env.ResolvePath(context.Get(OutputDir) ?? "imagegate-output");
        Directory.CreateDirectory(output);
        var signing = context.Get(Signing) ?? "keyless";
        // Everything that can be refused is refused here, before anything is built (exit 2, no run.json).
        var request = CreateRequest(context, output, signing);
        using var key = request.Signing.Key;
        var host = request.Endorsement?.Host;
        var result = await new PipelineRunner(new RunProgress(context, local: host is null)).RunAsync(request, cancellationToken).ConfigureAwait(false);
        var code = result.Outcome switch
        {
            PipelineOutcome.Passed => ExitCodes.Passed,
            PipelineOutcome.GateFailed => ExitCodes.GateFailed,
            _ => await CliApp.ReportAsync(result.Error!, env).ConfigureAwait(false),
        };

        var run = RunJson(result, code);
        var runJson = run.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        // written even when the run was cancelled: it says where the run stopped
        await File.WriteAllTextAsync(Path.Combine(output, "run.json"), runJson + "\n", CancellationToken.None).ConfigureAwait(false);
        foreach (var (name, field) in new[] { ("image-digest", "imageDigest"), ("report-path", "reportPath"), ("sarif-path", "sarifPath"), ("bundle-path", "bundlePath"), ("oci-reference", "ociReference"), ("pull-request-url", "pullRequestUrl") })
            if (run[field]?.GetValue<string>() is { } value) context.Actions.SetOutput(name, value);
        if (context.Get(Json)) await env.Out.WriteLineAsync(runJson).ConfigureAwait(false);
        else await env.Error.WriteLineAsync($"imagegate run: {(code == 0 ? "passed" : "stopped")} at stage '{run["stage"]}' (exit {code}); outputs in {output}").ConfigureAwait(false);
        return code;
    }

    /// <summary>The pipeline's request from the options (configuration sections of the stage verbs — <c>build:</c>,
    /// <c>scan:</c>, <c>sign:</c>, <c>endorse:</c> — fill what <c>run</c> has no option for, as they did when run ran the verbs).</summary>
    private PipelineRequest CreateRequest(CommandContext context, string output, string signing)
    {
        var env = context.Environment;
        var dryRun = context.Get(DryRun);
        var listRepo = context.Get(ListRepo);
        var uri = context.Get(Uri);
        var registry = context.Get(Registry) is { Length: > 0 } r ? PipelineRegistry.Parse(r) : ((string, string)?)null;
        var endorsing = listRepo is not null && !dryRun;
        if (endorsing && string.IsNullOrEmpty(uri) && registry is null)
            throw new BadInputException("run --list-repo endorses the image, and an endorsement needs a download location: give --uri URL (where sites will download the image) or --registry REGISTRY/NAMESPACE (push it there and record that oci location)");
        var expectedSigner = endorsing ? ExpectedSigner(context, signing) : null;
        var key = signing == "key" ? LoadKey(context) : null;

        var failOn = context.Get(FailOn) ?? StageConfig(context, "scan", "fail-on");
        var policy = context.Get(Policy) is { } p ? new FileInfo(p.ToString()) : StageConfig(context, "scan", "policy") is { } sp ? new FileInfo(sp) : null;
        var scan = new PipelineScanSettings
        {
            Policy = policy is null ? ScanPolicy.Default : PolicyLoader.Load(env.ResolvePath(policy.ToString())),
            FailOn = failOn is null ? null : SeverityNames.Parse(failOn, "--fail-on"),
            PatchCheck = Patches.Resolve(context),
            FingerprintSalt = StageConfig(context, "scan", "fingerprint-salt"),
        };

        var tokenText = context.Get(IdentityToken) ?? StageConfig(context, "sign", "identity-token");
        var rekor = SignCommandBase.Url(context.Get(RekorUrl) ?? StageConfig(context, "sign", "rekor-url"), "--rekor-url");
        var tsa = SignCommandBase.Url(context.Get(TsaUrl) ?? StageConfig(context, "sign", "tsa-url"), "--tsa-url");
        var pipelineSigning = key is not null
            ? new PipelineSigning { Key = key, RekorUrl = rekor, TsaUrl = tsa, TrustedRoot = ct => TrustedRoots.ResolveAsync(context, ct) }
            : new PipelineSigning
            {
                // fetched when the sign stage starts (a token fetched before a long build could expire), masked in Actions logs
                IdentityToken = async ct =>
                {
                    var token = tokenText is not null
                        ? global::ImageGate.Signing.Keyless.IdentityToken.Parse(tokenText)
                        : await global::ImageGate.Signing.Keyless.IdentityToken.FromGitHubActionsAsync(env.Variables, cancellationToken: ct).ConfigureAwait(false);
                    context.Actions.Mask(token.Raw);
                    return token;
                },
                FulcioUrl = SignCommandBase.Url(context.Get(FulcioUrl) ?? StageConfig(context, "sign", "fulcio-url"), "--fulcio-url") ?? SigningConfig.PublicGood.FulcioUrl,
                RekorUrl = rekor ?? SigningConfig.PublicGood.RekorUrl,
                TsaUrl = tsa,
                TrustedRoot = ct => TrustedRoots.ResolveAsync(context, ct),
                ExpectedSigner = expectedSigner,
            };

        PipelineRegistry? pipelineRegistry = null;
        if (registry is var (host, ns))
        {
            pipelineRegistry = new PipelineRegistry(host, ns)
            {
                ClientFor = RegistryAccess.CreateClientFactory(context),
                Annotations = Distribution.PushCommand.WithActionsAnnotations(env, new Dictionary<string, string>(StringComparer.Ordinal)),
            };
            if (context.Get(ImageName) is { } name) _ = pipelineRegistry.RepositoryFor(name); // a name that cannot be a repository is refused now
        }

        return new PipelineRequest
        {
            Build = BuildCommand.CreateRequest(env, context.Get(Template)!, context.Get(Var), context.Get(VarFile), context.Get(Only)),
            Packer = BuildCommand.CreateOptions(env, StageConfig(context, "build", "packer-min-version")),
            OutputDirectory = output,
            ImageName = context.Get(ImageName),
            ImageVersion = context.Get(ImageVersion) ?? env.Time.GetUtcNow().ToString("yyyy.MM.dd-HHmmss", CultureInfo.InvariantCulture),
            Scan = scan,
            Signing = pipelineSigning,
            Registry = pipelineRegistry,
            Endorsement = endorsing ? CreateEndorsement(context, listRepo!, uri, pipelineRegistry) : null,
            DryRun = dryRun,
            Time = env.Time,
        };
    }

    private PipelineEndorsement CreateEndorsement(CommandContext context, string listRepo, string? uri, PipelineRegistry? registry)
    {
        var env = context.Environment;
        var token = StageConfig(context, "endorse", "github-token") ?? env.Get("GITHUB_TOKEN");
        if (token is not null) context.Actions.Mask(token);
        int? Int(string name) => StageConfig(context, "endorse", name) is { } v ? CommandContext.ConvertConfigured<int?>(name, v) : null;
        return new PipelineEndorsement
        {
            Repository = GitHubCliOptions.ResolveRepository(context, listRepo, token),
            Git = context.Environment.Git,
            Base = context.Get(Base) ?? StageConfig(context, "endorse", "base") ?? "main",
            Host = GitHubCliOptions.CreateHost(context.Get(GitHubRepository), context.Get(GitHubApiUrl), token),
            Uri = uri,
            OciChecker = registry is null ? null : new RegistryLocationChecker(registry.ClientFor),
            BuiltBy = EndorseCommand.Provenance(env, StageConfig(context, "endorse", "built-by"), StageConfig(context, "endorse", "built-commit")),
            Description = StageConfig(context, "endorse", "description"),
            Arch = StageConfig(context, "endorse", "arch") ?? "x86_64",
            Hepix = new ImageGate.Lists.HepixHints(StageConfig(context, "endorse", "hypervisor") ?? "QEMU,KVM", Int("min-cores"), Int("min-ram")),
            Labels = StageConfig(context, "endorse", "label") is { } labels ? CommandContext.ConvertConfigured<string[]>("label", labels)! : [],
            Author = CommitAuthor.From(env),
        };
    }

    /// <summary>The configuration value of a stage verb's option (<c>scan:fingerprint-salt</c>, …, or the top-level one).</summary>
    private static string? StageConfig(CommandContext context, string verb, string option) =>
        CliConfiguration.Lookup(context.Configuration, verb, option);

    private SigningKey LoadKey(CommandContext context)
    {
        var file = context.Get(Key) ?? (StageConfig(context, "sign", "key") is { } k ? new FileInfo(k) : null)
            ?? throw new BadInputException("--signing key needs --key KEY.pem");
        var env = context.Environment;
        return SigningKey.Load(env.ResolvePath(file.ToString()), env.Get("IMAGEGATE_KEY_PASSWORD") ?? env.Get("COSIGN_PASSWORD"));
    }

    /// <summary>The keyless signer <c>endorse</c> must verify: the identity options given to <c>run</c>, else in GitHub
    /// Actions any workflow of this job's repository (GITHUB_REPOSITORY) with GitHub's token issuer.</summary>
    private VerificationPolicyOptions? ExpectedSigner(CommandContext context, string signing)
    {
        var given = ImageSigner.ReadKeyless(context);
        if (signing == "key")
            return given.IsEmpty ? null : throw new BadInputException("--certificate-* options name a keyless signer; with --signing key, endorse verifies the image with the public half of --key");
        if (!given.IsEmpty) return given;
        var env = context.Environment;
        if (env.Get("GITHUB_ACTIONS") == "true" && env.Get("GITHUB_REPOSITORY") is { Length: > 0 } repository)
        {
            var server = (env.Get("GITHUB_SERVER_URL") ?? "https://github.com").TrimEnd('/');
            var issuer = server == "https://github.com" ? CertificateIdentity.GitHubActionsIssuer : server + "/_services/token";
            return new VerificationPolicyOptions
            {
                CertificateIdentityRegexp = System.Text.RegularExpressions.Regex.Escape(server) + "/[^/]+/[^/]+/\\.github/workflows/.+",
                CertificateOidcIssuer = issuer,
                GitHubWorkflowRepository = server + "/" + repository,
            };
        }
        throw new BadInputException("run --signing keyless with --list-repo needs the image's expected signer, which endorse verifies: " +
            "--certificate-identity (or --certificate-identity-regexp) with --certificate-oidc-issuer, and --certificate-github-workflow-repository for a GitHub Actions identity");
    }

    /// <summary><c>run.json</c>: where the run stopped and what it made (the action's outputs.sh reads it).</summary>
    private static JsonObject RunJson(PipelineResult result, int code)
    {
        var run = new JsonObject { ["passed"] = result.Passed, ["stage"] = result.Stage.ToString().ToLowerInvariant() };
        if (result.Build is { Succeeded: true, Images.Count: > 0 } build)
        {
            run["images"] = new JsonArray(build.Images.Select(i => (JsonNode)new JsonObject { ["path"] = i.Path, ["digest"] = i.Digest }).ToArray());
            var single = build.Images.Count == 1;
            var results = new JsonArray();
            run["results"] = results;
            foreach (var image in result.Images)
            {
                var entry = new JsonObject { ["name"] = image.Name, ["version"] = image.Version, ["imagePath"] = image.ImagePath, ["imageDigest"] = image.ImageDigest };
                foreach (var (field, value) in new[] { ("reportPath", image.ReportPath), ("sarifPath", image.SarifPath), ("bundlePath", image.BundlePath),
                             ("ociReference", image.Push?.Reference), ("pullRequestUrl", image.PullRequestUrl) })
                {
                    if (value is null) continue;
                    entry[field] = value;
                    if (single) run[field] = value;
                }
                if (image.Push is { } push)
                    entry["oci"] = new JsonObject
                    {
                        ["reference"] = push.Reference,
                        ["layerDigest"] = push.LayerDigest,
                        ["tags"] = new JsonArray(push.Tags.Select(t => (JsonNode)t).ToArray()),
                    };
                results.Add(entry);
            }
            if (result.Images.Count > 0) run["imageDigest"] = result.Images[0].ImageDigest;
        }
        run["exitCode"] = code;
        return run;
    }
}
