namespace ImageGate.GitHub.Resilience;

/// <summary>Whether and how long to wait before retrying a failed attempt.</summary>
internal sealed record RetryDecision(TimeSpan? Delay, string Reason);
