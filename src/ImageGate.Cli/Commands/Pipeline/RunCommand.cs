using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageGate.Core.Errors;

using ImageGate.Cli.Commands.Scan;

namespace ImageGate.Cli.Commands.Pipeline;

/// <summary><c>imagegate run TEMPLATE</c>: the pipeline in one verb (what the GitHub Action calls): build → scan every
/// image → sign those that pass → endorse. It runs the real verbs in process with the same environment, stops at the
/// first gate that fails, and writes every report either way plus <c>run.json</c> (the action's outputs).</summary>
public sealed class RunCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public RunCommand(CliEnvironment env) : base("run", "Build with Packer, scan, sign and endorse in one go", env)
    {
        Arguments.Add(Template);
        foreach (var o in new Option[] { Var, VarFile, Only, ImageName, ImageVersion, Uri, OutputDir, Policy, FailOn, Signing, Key,
                     IdentityToken, FulcioUrl, RekorUrl, TsaUrl, TrustedRoot, TufUrl, TufRoot, TufCache, ListRepo, Base, GitHubRepository, GitHubApiUrl, DryRun, Json })
            Options.Add(o);
        Patches = new PatchCheckCliOptions(this, withSkip: true);
        ImageSigner.AddKeylessIdentityTo(this);
    }

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
    public Option<string?> Uri { get; } = new("--uri") { Description = "Where sites will download the image (recorded in the endorsement)" };

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

    /// <summary>Trusted root of the signing services.</summary>
    public Option<FileInfo?> TrustedRoot { get; } = new("--trusted-root") { Description = "Trusted root of the signing services (default: --tuf-url if given, else public-good)" };

    /// <summary>TUF repository of the trusted root (passed to the sign step).</summary>
    public Option<string?> TufUrl { get; } = new("--tuf-url") { Description = "Get the trusted root through this TUF repository (cached; see imagegate trusted-root update)" };

    /// <summary>Initial root of a private TUF repository.</summary>
    public Option<FileInfo?> TufRoot { get; } = new("--tuf-root") { Description = "Initial root metadata of a private TUF repository" };

    /// <summary>TUF cache folder.</summary>
    public Option<DirectoryInfo?> TufCache { get; } = new("--tuf-cache") { Description = "TUF cache folder (default: $XDG_CACHE_HOME/imagegate/tuf/<url-hash>)" };

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
    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Do everything but push and open the pull request" };

    /// <summary>Machine output.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print run.json at the end" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var output = env.ResolvePath(context.Get(OutputDir) ?? "imagegate-output");
        Directory.CreateDirectory(output);
        var run = new JsonObject { ["passed"] = false };
        var code = await RunStagesAsync(context, output, run, cancellationToken).ConfigureAwait(false);
        run["exitCode"] = code;
        var runJson = run.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        await File.WriteAllTextAsync(Path.Combine(output, "run.json"), runJson + "\n", cancellationToken).ConfigureAwait(false);
        foreach (var (name, key) in new[] { ("image-digest", "imageDigest"), ("report-path", "reportPath"), ("sarif-path", "sarifPath"), ("bundle-path", "bundlePath"), ("pull-request-url", "pullRequestUrl") })
            if (run[key]?.GetValue<string>() is { } value) context.Actions.SetOutput(name, value);
        if (context.Get(Json)) await env.Out.WriteLineAsync(runJson).ConfigureAwait(false);
        else await env.Error.WriteLineAsync($"imagegate run: {(code == 0 ? "passed" : "stopped")} at stage '{run["stage"]}' (exit {code}); outputs in {output}").ConfigureAwait(false);
        return code;
    }

    private async Task<int> RunStagesAsync(CommandContext context, string output, JsonObject run, CancellationToken ct)
    {
        var env = context.Environment;
        // --no-config holds for every step (each reads its configuration again).
        if (CliConfiguration.IsDisabled(context.ParseResult, env) && env.Get(CliConfiguration.NoConfigVariable) is null)
            env = env with { Variables = new Dictionary<string, string>(env.Variables) { [CliConfiguration.NoConfigVariable] = "1" } };
        var signing = context.Get(Signing) ?? "keyless";
        if (signing == "key" && context.Get(Key) is null)
            throw new BadInputException("--signing key needs --key KEY.pem");
        // Checked before building: the endorse stage would refuse an image without a download location.
        if (context.Get(ListRepo) is not null && !context.Get(DryRun) && string.IsNullOrEmpty(context.Get(Uri)))
            throw new BadInputException("run --list-repo endorses the image, and an endorsement needs a download location: give --uri URL (where sites will download the image)");
        var endorseIdentity = context.Get(ListRepo) is null || context.Get(DryRun) ? [] : ExpectedSigner(context, signing);

        // 1. Build.
        run["stage"] = "build";
        var build = new List<string> { "build", context.Get(Template)!, "--output-dir", output };
        foreach (var v in context.Get(Var) ?? []) build.AddRange(["--var", v]);
        foreach (var f in context.Get(VarFile) ?? []) build.AddRange(["--var-file", f]);
        foreach (var o in context.Get(Only) ?? []) build.AddRange(["--only", o]);
        var code = await StepAsync(env, build, ct).ConfigureAwait(false);
        if (code != ExitCodes.Passed) return code;
        var images = ReadImages(Path.Combine(output, "build.json"));
        run["images"] = new JsonArray(images.Select(i => (JsonNode)new JsonObject { ["path"] = i.Path, ["digest"] = i.Digest }).ToArray());

        var single = images.Count == 1;
        var version = context.Get(ImageVersion) ?? context.Environment.Time.GetUtcNow().UtcDateTime.ToString("yyyy.MM.dd-HHmmss", CultureInfo.InvariantCulture);
        var results = new JsonArray();
        run["results"] = results;
        foreach (var image in images)
        {
            var name = single && context.Get(ImageName) is { } n ? n : ImageGate.Core.Text.SafeName.From(Path.GetFileNameWithoutExtension(image.Path));
            var dir = single ? output : Path.Combine(output, name);
            Directory.CreateDirectory(dir);
            var result = new JsonObject { ["name"] = name, ["version"] = version, ["imagePath"] = image.Path, ["imageDigest"] = image.Digest };
            results.Add(result);
            if (ReferenceEquals(image, images[0])) run["imageDigest"] = image.Digest;

            // 2. Scan: the gate.
            run["stage"] = "scan";
            var report = Path.Combine(dir, "report.json");
            var sarif = Path.Combine(dir, "report.sarif");
            var sbom = Path.Combine(dir, "sbom.spdx.json");
            var scan = new List<string> { "scan", image.Path, "--name", name, "--format", "table", "--json-output", report,
                "--sarif-output", sarif, "--markdown-output", Path.Combine(dir, "report.md"), "--sbom", sbom };
            if (context.Get(Policy) is { } policy) scan.AddRange(["--policy", env.ResolvePath(policy.ToString())]);
            if (context.Get(FailOn) is { } failOn) scan.AddRange(["--fail-on", failOn]);
            scan.AddRange(Patches.ToScanArguments(context));
            code = await StepAsync(env, scan, ct).ConfigureAwait(false);
            result["reportPath"] = report;
            result["sarifPath"] = sarif;
            if (single) { run["reportPath"] = report; run["sarifPath"] = sarif; }
            if (code != ExitCodes.Passed) return code;

            // 3. Sign the image digest.
            run["stage"] = "sign";
            var bundle = Path.Combine(dir, name + ".sigstore.json");
            var sign = new List<string> { "sign", image.Path, "--bundle", bundle };
            if (signing == "key") sign.AddRange(["--key", env.ResolvePath(context.Get(Key)!.ToString())]);
            else if (context.Get(IdentityToken) is { } token) sign.AddRange(["--identity-token", token]);
            AddIf(sign, "--fulcio-url", context.Get(FulcioUrl));
            AddIf(sign, "--rekor-url", context.Get(RekorUrl));
            AddIf(sign, "--tsa-url", context.Get(TsaUrl));
            if (context.Get(TrustedRoot) is { } root) sign.AddRange(["--trusted-root", env.ResolvePath(root.ToString())]);
            AddIf(sign, "--tuf-url", context.Get(TufUrl));
            if (context.Get(TufRoot) is { } tufRoot) sign.AddRange(["--tuf-root", env.ResolvePath(tufRoot.ToString())]);
            if (context.Get(TufCache) is { } tufCache) sign.AddRange(["--tuf-cache", env.ResolvePath(tufCache.ToString())]);
            code = await StepAsync(env, sign, ct).ConfigureAwait(false);
            if (code != ExitCodes.Passed) return code;
            result["bundlePath"] = bundle;
            if (single) run["bundlePath"] = bundle;

            // 4. Endorse (a pull request, or a local commit without GitHub settings).
            run["stage"] = "endorse";
            if (context.Get(ListRepo) is not { } listRepo || context.Get(DryRun))
            {
                await env.Error.WriteLineAsync(context.Get(DryRun)
                    ? $"imagegate run: dry run: {name}@{version} would be endorsed now"
                    : $"imagegate run: no --list-repo: {name}@{version} is signed; endorse it with 'imagegate endorse'").ConfigureAwait(false);
                continue;
            }
            var endorse = new List<string> { "endorse", image.Path, "--name", name, "--version", version, "--report", report,
                "--bundle", bundle, "--sbom", sbom, "--list-repo", listRepo, "--json" };
            AddIf(endorse, "--uri", context.Get(Uri));
            AddIf(endorse, "--base", context.Get(Base));
            AddIf(endorse, "--github-repository", context.Get(GitHubRepository));
            AddIf(endorse, "--github-api-url", context.Get(GitHubApiUrl));
            if (signing == "key")
            {
                var pub = Path.Combine(dir, name + ".pub");
                using (var key = ImageGate.Signing.Keys.SigningKey.Load(env.ResolvePath(context.Get(Key)!.ToString()),
                           env.Get("IMAGEGATE_KEY_PASSWORD") ?? env.Get("COSIGN_PASSWORD")))
                    await File.WriteAllTextAsync(pub, key.PublicKeyPem, ct).ConfigureAwait(false);
                endorse.AddRange(["--key", pub]);
                // Key signing logs in a transparency log only when a Rekor URL is given.
                if (string.IsNullOrEmpty(context.Get(RekorUrl))) endorse.Add("--insecure-ignore-tlog");
            }
            else endorse.AddRange(endorseIdentity);
            if (context.Get(TrustedRoot) is { } endorseRoot) endorse.AddRange(["--trusted-root", env.ResolvePath(endorseRoot.ToString())]);
            AddIf(endorse, "--tuf-url", context.Get(TufUrl));
            if (context.Get(TufRoot) is { } endorseTufRoot) endorse.AddRange(["--tuf-root", env.ResolvePath(endorseTufRoot.ToString())]);
            if (context.Get(TufCache) is { } endorseTufCache) endorse.AddRange(["--tuf-cache", env.ResolvePath(endorseTufCache.ToString())]);
            var captured = new StringWriter();
            // in GitHub Actions the step's own commands (the token's ::add-mask::) go straight out, not into the capture
            TextWriter capture = env.Out is GitHubActions.WorkflowCommandGuard ? new GitHubActions.WorkflowCommandGuard(captured, env.Out) : captured;
            code = await StepAsync(env, endorse, ct, capture).ConfigureAwait(false);
            await env.Out.WriteAsync(captured.ToString()).ConfigureAwait(false);
            if (code != ExitCodes.Passed) return code;
            if (PullRequestUrl(captured.ToString()) is { } url)
            {
                result["pullRequestUrl"] = url;
                if (single) run["pullRequestUrl"] = url;
            }
        }
        run["stage"] = "done";
        run["passed"] = true;
        return ExitCodes.Passed;
    }

    /// <summary>The keyless signer <c>endorse</c> must verify: the identity options given to <c>run</c>, else in GitHub
    /// Actions any workflow of this job's repository (GITHUB_REPOSITORY) with GitHub's token issuer.</summary>
    private List<string> ExpectedSigner(CommandContext context, string signing)
    {
        var given = ImageSigner.KeylessIdentityArguments(context);
        if (signing == "key")
            return given.Count == 0 ? [] : throw new BadInputException("--certificate-* options name a keyless signer; with --signing key, endorse verifies the image with the public half of --key");
        if (given.Count > 0) return given;
        var env = context.Environment;
        if (env.Get("GITHUB_ACTIONS") == "true" && env.Get("GITHUB_REPOSITORY") is { Length: > 0 } repository)
        {
            var server = (env.Get("GITHUB_SERVER_URL") ?? "https://github.com").TrimEnd('/');
            var issuer = server == "https://github.com" ? ImageGate.Signing.Verification.CertificateIdentity.GitHubActionsIssuer : server + "/_services/token";
            return ["--certificate-identity-regexp", System.Text.RegularExpressions.Regex.Escape(server) + "/[^/]+/[^/]+/\\.github/workflows/.+",
                "--certificate-oidc-issuer", issuer, "--certificate-github-workflow-repository", server + "/" + repository];
        }
        throw new BadInputException("run --signing keyless with --list-repo needs the image's expected signer, which endorse verifies: " +
            "--certificate-identity (or --certificate-identity-regexp) with --certificate-oidc-issuer, and --certificate-github-workflow-repository for a GitHub Actions identity");
    }

    private static void AddIf(List<string> args, string option, string? value)
    {
        if (!string.IsNullOrEmpty(value)) args.AddRange([option, value]);
    }

    /// <summary>Runs one verb in process with this run's environment (its own job summary is left to the run).</summary>
    private static async Task<int> StepAsync(CliEnvironment env, List<string> args, CancellationToken ct, TextWriter? capture = null)
    {
        await env.Error.WriteLineAsync($"== imagegate {string.Join(' ', args.Take(2))}").ConfigureAwait(false);
        var variables = env.Variables.Where(kv => kv.Key != "GITHUB_STEP_SUMMARY").ToDictionary(kv => kv.Key, kv => kv.Value);
        var stepEnv = env with { Out = capture ?? env.Out, Variables = variables };
        return await CliApp.RunAsync([.. args], stepEnv, ct).ConfigureAwait(false);
    }

    private sealed record BuiltImage(string Path, string Digest);

    private static List<BuiltImage> ReadImages(string buildJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(buildJson));
            var images = doc.RootElement.GetProperty("images").EnumerateArray()
                .Select(i => new BuiltImage(i.GetProperty("path").GetString()!, i.GetProperty("digest").GetString()!)).ToList();
            if (images.Count == 0) throw new BadInputException("the build made no disk image", buildJson);
            return images;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            throw new BadInputException($"cannot read the build result: {ex.Message}", buildJson);
        }
    }

    private static string? PullRequestUrl(string endorseJson)
    {
        try
        {
            // In GitHub Actions the JSON follows workflow commands (::add-mask:: of the token) on the same stream.
            var start = endorseJson.StartsWith('{') ? 0 : endorseJson.IndexOf("\n{", StringComparison.Ordinal) + 1;
            var node = JsonNode.Parse(endorseJson[start..]);
            return node?["pullRequest"]?["url"]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
