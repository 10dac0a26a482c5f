using ImageGate.Endorsement.Format;

namespace ImageGate.Endorsement.Approvals;

/// <summary>The approvals of one endorsement or revocation, recorded by <c>imagegate publish</c> on the
/// <see cref="ApprovalStore.Branch"/> branch (<c>KIND/NAME@VERSION.json</c>).</summary>
public sealed record ApprovalRecord
{
    /// <summary>The format version of this record.</summary>
    public int FormatVersion { get; init; } = ListFormat.Version;

    /// <summary><c>endorsed</c> or <c>revoked</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The image name.</summary>
    public required string Name { get; init; }

    /// <summary>The image version.</summary>
    public required string Version { get; init; }

    /// <summary>The pull request that brought the change.</summary>
    public required int PullRequest { get; init; }

    /// <summary>Its author's login (whose own approval never counts).</summary>
    public required string Author { get; init; }

    /// <summary>The head commit it was merged at (the commit the approvals are for).</summary>
    public required string HeadCommit { get; init; }

    /// <summary>The commit on the base branch that brought the change.</summary>
    public required string MergeCommit { get; init; }

    /// <summary>When it was merged.</summary>
    public DateTimeOffset? MergedAt { get; init; }

    /// <summary>The approving reviews by listed endorsers other than the author, at <see cref="HeadCommit"/>.</summary>
    public required IReadOnlyList<RecordedApproval> Approvals { get; init; }

    /// <summary>When the publish job recorded it.</summary>
    public required DateTimeOffset RecordedAt { get; init; }
}
