namespace ImageGate.GitHub;

/// <summary>A retry of a GitHub request.</summary>
/// <param name="Request">The request, e.g. <c>POST /repos/o/r/pulls</c>.</param>
/// <param name="Attempt">The attempt that failed (1 = first).</param>
/// <param name="Delay">The wait before the next attempt (before <see cref="GitHubRetryOptions.DelayScale"/>).</param>
/// <param name="Reason">Why it is retried.</param>
public sealed record GitHubRetryEvent(string Request, int Attempt, TimeSpan Delay, string Reason);
