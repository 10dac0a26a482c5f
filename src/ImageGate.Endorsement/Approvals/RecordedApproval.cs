namespace ImageGate.Endorsement.Approvals;

/// <summary>One approving review, as the publish job read it from the forge.</summary>
/// <param name="Login">The reviewer (a listed endorser).</param>
/// <param name="ReviewId">The review's id.</param>
/// <param name="SubmittedAt">When the review was submitted.</param>
/// <param name="Commit">The commit it approved (the pull request's head when it was merged).</param>
public sealed record RecordedApproval(string Login, long ReviewId, DateTimeOffset? SubmittedAt, string Commit);
