namespace ImageGate.Endorsement.Hosting;

/// <summary>A pull request as the forge reports it (for approvals): who opened it, whether and how it was merged.</summary>
/// <param name="Number">Its number.</param>
/// <param name="Author">The login of the user who opened it.</param>
/// <param name="Merged">True when it was merged.</param>
/// <param name="HeadSha">The head commit it was merged at.</param>
/// <param name="MergeCommitSha">The commit the merge made on the base branch (merge, squash or rebase result).</param>
/// <param name="MergedAt">When it was merged.</param>
public sealed record MergedPullRequest(int Number, string Author, bool Merged, string HeadSha, string? MergeCommitSha, DateTimeOffset? MergedAt);
