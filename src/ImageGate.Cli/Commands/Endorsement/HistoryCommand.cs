using System.CommandLine;
using System.Text.Json;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.History;
using ImageGate.Lists;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary><c>imagegate history [NAME]</c>: every endorsement and revocation the list repository's history holds.</summary>
public sealed class HistoryCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public HistoryCommand(CliEnvironment env) : base("history", "Show every endorsement and revocation", env)
    {
        Arguments.Add(ImageName);
        Options.Add(Json);
        Repo = new GitHubCliOptions(this, withGitHub: false);
    }

    /// <summary>NAME.</summary>
    public Argument<string?> ImageName { get; } = new("NAME") { Description = "Only this image", Arity = ArgumentArity.ZeroOrOne };

    /// <summary>--json.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the events as JSON" };

    /// <summary>The list repository options.</summary>
    public GitHubCliOptions Repo { get; }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var events = await new HistoryReader(context.Environment.Git).ReadAsync(Repo.ResolveRepository(context), context.Get(Repo.Base) ?? "main", context.Get(ImageName), cancellationToken).ConfigureAwait(false);
        if (context.Get(Json))
        {
            var payload = events.Select(e => new
            {
                kind = e.Kind == HistoryEventKind.Endorsed ? "endorsed" : "revoked",
                name = e.Name,
                version = e.Version,
                date = ListJson.Time(e.Date),
                commit = e.Commit,
                pullRequest = e.PullRequest,
                mergedBy = e.MergedBy,
                approvedBy = e.ApprovedBy,
                approvals = e.Approvals.Select(a => new { login = a.Login, reviewId = a.ReviewId, submittedAt = a.SubmittedAt is { } t ? ListJson.Time(t) : null, commit = a.Commit }),
                unverifiedApprovedBy = e.UnverifiedApprovedBy,
                author = e.Author,
                sha256 = e.Sha256,
                reason = e.Reason,
            });
            await context.Console.Out.WriteLineAsync(JsonSerializer.Serialize(payload, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })).ConfigureAwait(false);
            return ExitCodes.Passed;
        }
        if (events.Count == 0)
        {
            context.Console.Info("no endorsements or revocations yet");
            return ExitCodes.Passed;
        }
        foreach (var e in events)
        {
            var what = e.Kind == HistoryEventKind.Endorsed ? "endorsed" : "revoked ";
            var detail = e.Kind == HistoryEventKind.Revoked ? $"reason: {e.Reason}" : e.Sha256 is null ? "" : $"sha256:{e.Sha256}";
            var who = (e.MergedBy is null ? "" : $" merged by {e.MergedBy}") + (e.Approvals.Count == 0 ? "" : $" approved by {string.Join(", ", e.Approvals.Select(a => $"{a.Login} (review {a.ReviewId})"))}")
                + (e.UnverifiedApprovedBy.Count == 0 ? "" : $" unverified approval claim: {string.Join(", ", e.UnverifiedApprovedBy)}");
            await context.Console.Out.WriteLineAsync(
                $"{ListJson.Time(e.Date)}  {what}  {e.Name} {e.Version}  commit {e.Commit[..12]}{(e.PullRequest is { } n ? $"  PR #{n}" : "")}{who}  {detail}".TrimEnd()).ConfigureAwait(false);
        }
        return ExitCodes.Passed;
    }
}
