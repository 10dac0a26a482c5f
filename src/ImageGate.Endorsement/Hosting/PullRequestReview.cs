namespace ImageGate.Endorsement.Hosting;

/// <summary>One review of a pull request as the forge reports it.</summary>
/// <param name="Id">The review id.</param>
/// <param name="Reviewer">The reviewer's login.</param>
/// <param name="State">The state in upper case: <c>APPROVED</c>, <c>CHANGES_REQUESTED</c>, <c>COMMENTED</c>, <c>DISMISSED</c>, <c>PENDING</c>.</param>
/// <param name="CommitId">The commit the review was given at.</param>
/// <param name="SubmittedAt">When it was submitted.</param>
public sealed record PullRequestReview(long Id, string Reviewer, string State, string CommitId, DateTimeOffset? SubmittedAt);
