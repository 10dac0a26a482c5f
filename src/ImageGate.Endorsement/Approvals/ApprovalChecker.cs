using ImageGate.Endorsement.History;
using ImageGate.Endorsement.Hosting;

namespace ImageGate.Endorsement.Approvals;

/// <summary>Reads who approved the pull request behind an endorsement or revocation from the forge: the reviews in
/// state <c>APPROVED</c>, at the head commit the pull request was merged at, by listed endorsers other than its
/// author (each reviewer's latest decisive review counts: a later change request or dismissal cancels an approval).</summary>
internal static class ApprovalChecker
{
    /// <summary>The record to store, or the reason there is none.</summary>
    public static async Task<(ApprovalRecord? Record, string? Reason)> CheckAsync(IRepositoryHost host, IReadOnlyList<ListedEndorser> endorsers,
        HistoryEvent change, DateTimeOffset now, CancellationToken ct)
    {
        var commit = change.Commit[..Math.Min(12, change.Commit.Length)];
        if (change.PullRequest is not { } number)
            return (null, $"the commit {commit} that brought it names no pull request");
        var pr = await host.GetPullRequestAsync(number, ct).ConfigureAwait(false);
        if (pr is null)
            return (null, $"pull request #{number} (named by commit {commit}) does not exist");
        if (!pr.Merged || !string.Equals(pr.MergeCommitSha, change.Commit, StringComparison.OrdinalIgnoreCase))
            return (null, $"pull request #{number} was not merged as commit {commit} (its merge commit: {pr.MergeCommitSha ?? "none"})");
        var listed = endorsers.Select(e => e.Login).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var reviews = await host.GetReviewsAsync(number, ct).ConfigureAwait(false);
        var latest = reviews.Where(r => r.State is "APPROVED" or "CHANGES_REQUESTED" or "DISMISSED")
            .GroupBy(r => r.Reviewer, StringComparer.OrdinalIgnoreCase).Select(g => g.Last()).ToList();
        var approvals = new List<RecordedApproval>();
        var why = new List<string>();
        foreach (var r in latest)
        {
            if (r.State != "APPROVED") why.Add($"{r.Reviewer}: {r.State.ToLowerInvariant().Replace('_', ' ')}");
            else if (string.Equals(r.Reviewer, pr.Author, StringComparison.OrdinalIgnoreCase)) why.Add($"{r.Reviewer}: is its author");
            else if (!listed.Contains(r.Reviewer)) why.Add($"{r.Reviewer}: is not a listed endorser");
            else if (!string.Equals(r.CommitId, pr.HeadSha, StringComparison.OrdinalIgnoreCase))
                why.Add($"{r.Reviewer}: approved commit {r.CommitId[..Math.Min(12, r.CommitId.Length)]}, not the merged head {pr.HeadSha[..Math.Min(12, pr.HeadSha.Length)]}");
            else approvals.Add(new RecordedApproval(r.Reviewer, r.Id, r.SubmittedAt, r.CommitId));
        }
        if (approvals.Count == 0)
            return (null, $"pull request #{number} by {pr.Author} has no approval by a listed endorser other than its author at its merged head " +
                $"({(why.Count == 0 ? "no reviews" : string.Join("; ", why))})");
        return (new ApprovalRecord
        {
            Kind = change.Kind == HistoryEventKind.Endorsed ? ApprovalStore.Endorsed : ApprovalStore.Revoked,
            Name = change.Name,
            Version = change.Version,
            PullRequest = number,
            Author = pr.Author,
            HeadCommit = pr.HeadSha,
            MergeCommit = change.Commit,
            MergedAt = pr.MergedAt,
            Approvals = approvals,
            RecordedAt = now,
        }, null);
    }
}
