using ImageGate.Endorsement.Hosting;

namespace ImageGate.Endorsement.Endorsing;

/// <summary>The outcome of an endorse or revoke run.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Branch">The proposal branch.</param>
/// <param name="Commit">The branch head after the run (null when already merged).</param>
/// <param name="Title">The pull request title.</param>
/// <param name="Body">The pull request body (markdown).</param>
/// <param name="Labels">The labels.</param>
/// <param name="PullRequest">The pull request, when a repository host was given.</param>
public sealed record ProposalResult(
    ProposalStatus Status,
    string Branch,
    string? Commit,
    string Title,
    string Body,
    IReadOnlyList<string> Labels,
    PullRequestInfo? PullRequest);
