namespace ImageGate.Endorsement.History;

/// <summary>One endorsement or revocation in the list repository's history.</summary>
public sealed record HistoryEvent
{
    /// <summary>Endorsed or revoked.</summary>
    public required HistoryEventKind Kind { get; init; }

    /// <summary>The image name.</summary>
    public required string Name { get; init; }

    /// <summary>The image version.</summary>
    public required string Version { get; init; }

    /// <summary>When the change reached the base branch (commit time).</summary>
    public required DateTimeOffset Date { get; init; }

    /// <summary>The commit on the base branch that brought the change.</summary>
    public required string Commit { get; init; }

    /// <summary>The pull request number, when the commit names one.</summary>
    public int? PullRequest { get; init; }

    /// <summary>Who merged it (the committer of a merge commit), when known.</summary>
    public string? MergedBy { get; init; }

    /// <summary>Who approved it: the logins of the approval record <c>publish</c> wrote from the pull request's reviews
    /// (<see cref="Approvals.ApprovalStore"/>); empty when there is no record for this commit.</summary>
    public IReadOnlyList<string> ApprovedBy { get; init; } = [];

    /// <summary>The recorded approving reviews (reviewer, review id, time, commit).</summary>
    public IReadOnlyList<Approvals.RecordedApproval> Approvals { get; init; } = [];

    /// <summary>Approvals the commit message merely claims (<c>Approved-by:</c>/<c>Reviewed-by:</c> lines): anyone who
    /// writes the commit writes these, so they are shown as unverified and never count.</summary>
    public IReadOnlyList<string> UnverifiedApprovedBy { get; init; } = [];

    /// <summary>The author of the commit.</summary>
    public required string Author { get; init; }

    /// <summary>The image's SHA-256, when the record is still readable.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The revocation reason.</summary>
    public string? Reason { get; init; }
}
