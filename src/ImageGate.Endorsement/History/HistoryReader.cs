using System.Globalization;
using System.Text.RegularExpressions;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;

namespace ImageGate.Endorsement.History;

/// <summary>Reads every endorsement and revocation from the base branch's first-parent history (git CLI), with the
/// approvals <c>publish</c> recorded for it; approval lines in commit messages are kept apart as unverified.</summary>
/// <param name="git">The port git runs through.</param>
public sealed partial class HistoryReader(IGitClient git)
{
    private readonly IGitClient _git = git ?? throw new ArgumentNullException(nameof(git));

    /// <summary>The events, oldest first, for every image or only <paramref name="name"/>.</summary>
    public async Task<IReadOnlyList<HistoryEvent>> ReadAsync(ListRepository repository, string branch, string? name, CancellationToken cancellationToken)
    {
        if (name is not null) ListFormat.ValidateName(name);
        var git = new Git.Git(_git, repository.Token);
        using var copy = await LocalCopy.OpenAsync(git, repository, branch, cancellationToken).ConfigureAwait(false);
        var revision = LocalCopy.Revision(branch);
        var exists = await git.RunAsync(copy.Directory, a => a.Add("rev-parse").Add("--verify").Add("-q").Add(revision), cancellationToken, allowFailure: true).ConfigureAwait(false);
        if (exists.ExitCode != 0)
            throw new Core.Errors.BadInputException($"the list repository has no branch '{branch}'", repository.Location);
        var scope = name is null ? ListFormat.ImagesFolder : $"{ListFormat.ImagesFolder}/{name}";
        var log = await git.OutputAsync(copy.Directory, a => a.Add("log").Add("--first-parent").Add("-m").Add("--diff-filter=A").Add("--name-only")
            .Add("--format=%x1e%H%x1f%cI%x1f%an <%ae>%x1f%cn%x1f%P%x1f%s%x1f%B%x1f").Add(revision).Add("--").Add(scope), cancellationToken).ConfigureAwait(false);
        var current = (await ListSnapshot.ReadAsync(git, copy.Directory, revision, name, cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => (e.Record.Name, e.Record.Version));
        var records = await Approvals.ApprovalStore.ReadAsync(git, copy.Directory, cancellationToken).ConfigureAwait(false);
        var events = new List<HistoryEvent>();
        foreach (var chunk in log.Split('\x1e', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = chunk.Split('\x1f');
            if (f.Length < 8) continue;
            var (commit, date, author, committer, parents, subject, body, files) = (f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
            int? pr = PullRequestNumber().Match(subject) is { Success: true } m ? int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : null;
            var isMerge = parents.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length > 1;
            var approvers = Approver().Matches(body).Select(x => x.Groups["who"].Value.Trim()).Distinct().ToList();
            foreach (var file in files.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct())
            {
                var p = file.Split('/');
                if (p.Length != 4 || p[0] != ListFormat.ImagesFolder) continue;
                HistoryEventKind kind;
                if (p[3] == ListFormat.RecordFile) kind = HistoryEventKind.Endorsed;
                else if (p[3] == ListFormat.RevocationFile) kind = HistoryEventKind.Revoked;
                else continue;
                current.TryGetValue((p[1], p[2]), out var entry);
                records.TryGetValue((kind == HistoryEventKind.Endorsed ? Approvals.ApprovalStore.Endorsed : Approvals.ApprovalStore.Revoked, p[1], p[2]), out var record);
                var approved = record is not null && string.Equals(record.MergeCommit, commit, StringComparison.OrdinalIgnoreCase) ? record.Approvals : [];
                events.Add(new HistoryEvent
                {
                    Kind = kind,
                    Name = p[1],
                    Version = p[2],
                    Date = DateTimeOffset.Parse(date, CultureInfo.InvariantCulture).ToUniversalTime(),
                    Commit = commit,
                    PullRequest = pr,
                    MergedBy = isMerge || pr is not null ? committer : null,
                    ApprovedBy = approved.Select(a => a.Login).ToList(),
                    Approvals = approved,
                    UnverifiedApprovedBy = approvers,
                    Author = author,
                    Sha256 = entry?.Record.Sha256,
                    Reason = kind == HistoryEventKind.Revoked ? entry?.Revocation?.Reason : null,
                });
            }
        }
        events.Reverse();
        return events;
    }

    [GeneratedRegex(@"(?:^Merge pull request #(?<n>\d+)\b|\(#(?<n>\d+)\)\s*$)")]
    private static partial Regex PullRequestNumber();

    [GeneratedRegex(@"^(?:Approved-by|Reviewed-by|Co-authored-by-reviewer):\s*(?<who>.+)$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex Approver();
}
