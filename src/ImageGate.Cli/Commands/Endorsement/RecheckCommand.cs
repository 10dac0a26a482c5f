using System.CommandLine;
using System.Text.Json;
using ImageGate.Cli.Commands.Scan;
using ImageGate.Core.Errors;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Rechecking;
using ImageGate.Lists;
using ImageGate.Patches;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary><c>imagegate recheck --list-repo PATH</c>: re-checks every currently endorsed image's recorded inventory
/// against today's security metadata and proposes (GitHub mode) or prints (local mode, <c>--dry-run</c>) a revocation
/// for each image that now misses security updates. Exit 0 all current, 1 some image misses updates.</summary>
public sealed class RecheckCommand : VerbCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Creates the verb.</summary>
    public RecheckCommand(CliEnvironment env) : base("recheck", "Re-check endorsed images against today's security updates; propose revocations", env)
    {
        foreach (var o in new Option[] { DryRun, RevokedBy, Labels, Json })
            Options.Add(o);
        Repo = new GitHubCliOptions(this, withGitHub: true);
        Patches = new PatchCheckCliOptions(this, withSkip: false);
    }

    /// <summary>--dry-run.</summary>
    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Only report: open no revocation pull request even with --github-repository" };

    /// <summary>--revoked-by.</summary>
    public Option<string?> RevokedBy { get; } = new("--revoked-by") { Description = "Who the revocations are recorded as made by (default: GITHUB_WORKFLOW_REF, else 'imagegate recheck')" };

    /// <summary>--label.</summary>
    public Option<string[]> Labels { get; } = new("--label") { Description = "Extra label for the revocation pull requests (repeatable)", AllowMultipleArgumentsPerToken = false };




    /// <summary>--json.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON" };

    /// <summary>The patch check's options.</summary>
    public PatchCheckCliOptions Patches { get; }

    /// <summary>The list repository and GitHub options.</summary>
    public GitHubCliOptions Repo { get; }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var request = new RecheckRequest
        {
            Repository = Repo.ResolveRepository(context),
            Base = context.Get(Repo.Base) ?? "main",
            PatchOptions = Patches.Resolve(context),
            DryRun = context.Get(DryRun),
            RevokedBy = context.Get(RevokedBy) ?? env.Get("GITHUB_WORKFLOW_REF") ?? "imagegate recheck",
            Author = CommitAuthor.From(env),
            Labels = context.Get(Labels) ?? [],
        };
        var host = request.DryRun ? null : Repo.CreateHost(context);
        var result = await context.Console.StatusAsync("re-checking endorsed images",
            () => new Rechecker(context.Environment.Git, host).RecheckAsync(request, cancellationToken)).ConfigureAwait(false);

        foreach (var image in result.Images.Where(i => i.Status == RecheckStatus.NoInventory))
            context.Actions.Warning($"{image.Image}: {image.Message}");
        context.Actions.AppendSummary(RecheckText.Summary(result));
        var urls = result.Images.Select(i => i.Revocation?.PullRequest?.Url).OfType<string>().ToList();
        if (urls.Count > 0) context.Actions.SetOutput("pull-request-urls", string.Join(' ', urls));

        if (context.Get(Json))
            await env.Out.WriteLineAsync(JsonSerializer.Serialize(ToJson(result, host is null), JsonOptions)).ConfigureAwait(false);
        else
            await WriteTextAsync(env.Out, result, host is null, request.DryRun).ConfigureAwait(false);

        return ExitCodes.For(result.Outcome);
    }

    private static object ToJson(RecheckResult result, bool reportOnly) => new
    {
        checkedAt = ListJson.Time(result.CheckedAt),
        sourceCommit = result.SourceCommit,
        current = result.Images.Count(i => i.Status == RecheckStatus.Current),
        missingUpdates = result.Images.Count(i => i.Status == RecheckStatus.MissingUpdates),
        noInventory = result.Images.Count(i => i.Status == RecheckStatus.NoInventory),
        failed = result.Images.Count(i => i.Status == RecheckStatus.Failed),
        images = result.Images.Select(i => new
        {
            name = i.Image.Name,
            version = i.Image.Version,
            sha256 = i.Sha256,
            status = RecheckText.StatusName(i.Status),
            message = i.Message,
            missing = i.MissingUpdates.Select(m => new
            {
                package = m.Package,
                arch = m.Arch,
                installedVersion = m.InstalledVersion,
                fixedVersion = m.FixedVersion,
                advisories = m.Advisories.Select(a => new { id = a.Id, severity = a.Severity, title = a.Title, cves = a.Cves }),
                repository = m.Repository,
            }),
            findings = i.Findings.Select(f => new { ruleId = f.RuleId, severity = f.Severity, path = f.Path, message = f.Message }),
            metadata = i.Metadata.Select(r => new { repository = r.Repository, url = r.Url, date = r.Date is { } d ? ListJson.Time(d) : null, digest = r.Digest, security = r.Security }),
            revocation = i.Reason is null ? null : new
            {
                reason = i.Reason,
                proposed = i.Revocation is not null,
                reportOnly,
                branch = i.Revocation?.Branch,
                pullRequest = i.Revocation?.PullRequest is { } pr ? new { number = pr.Number, url = pr.Url, created = pr.Created } : null,
                title = i.Revocation?.Title,
            },
        }),
        skipped = result.Skipped,
    };

    private static async Task WriteTextAsync(TextWriter o, RecheckResult result, bool reportOnly, bool dryRun)
    {
        await o.WriteLineAsync($"imagegate recheck at {ListJson.Time(result.CheckedAt)} of {result.SourceCommit[..Math.Min(12, result.SourceCommit.Length)]}: " +
            $"{result.Images.Count} endorsed image version(s)").ConfigureAwait(false);
        foreach (var i in result.Images)
        {
            await o.WriteLineAsync($"{i.Image}: {i.Message}").ConfigureAwait(false);
            foreach (var f in i.Findings.Where(f => f.Severity is "high" or "critical" or "medium"))
                await o.WriteLineAsync($"  {f.Severity} {f.RuleId}: {f.Message}").ConfigureAwait(false);
            if (i.Status != RecheckStatus.MissingUpdates) continue;
            foreach (var m in i.MissingUpdates)
                await o.WriteLineAsync($"  {RecheckText.Line(m)} from {m.Repository}").ConfigureAwait(false);
            if (i.Revocation is { } proposal)
            {
                var pr = proposal.PullRequest;
                await o.WriteLineAsync(pr is null
                    ? $"  revocation {proposal.Status.ToString().ToLowerInvariant()} on branch {proposal.Branch}"
                    : $"  revocation pull request #{pr.Number} {(pr.Created ? "opened" : "updated")}: {pr.Url}").ConfigureAwait(false);
            }
            else if (reportOnly)
            {
                await o.WriteLineAsync($"  {(dryRun ? "dry run" : "local mode (no --github-repository)")}: the revocation to propose would be").ConfigureAwait(false);
                await o.WriteLineAsync($"    imagegate revoke {i.Image} --reason \"{i.Reason}\"").ConfigureAwait(false);
            }
        }
        foreach (var s in result.Skipped)
            await o.WriteLineAsync($"{s} (not checked)").ConfigureAwait(false);
        var missing = result.Images.Count(i => i.Status == RecheckStatus.MissingUpdates);
        await o.WriteLineAsync(missing == 0
            ? "imagegate recheck: no endorsed image misses a security update"
            : $"imagegate recheck: {missing} image version(s) miss security updates").ConfigureAwait(false);
    }
}
