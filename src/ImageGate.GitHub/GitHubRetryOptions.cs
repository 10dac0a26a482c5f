namespace ImageGate.GitHub;

/// <summary>Retry policy for GitHub API calls: backoff on 5xx and network errors, Retry-After and rate limits
/// honoured, every call bounded in total time.</summary>
public sealed record GitHubRetryOptions
{
    /// <summary>Attempts per request, the first included.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The first backoff delay (doubled per attempt, with jitter).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait GitHub may ask for (Retry-After, rate-limit reset); longer asks fail at once.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The time limit of one attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The time limit of one request with all its retries.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Multiplies every real wait (tests use a tiny factor; the reported delays stay unscaled).</summary>
    public double DelayScale { get; init; } = 1.0;

    /// <summary>Told about every retry (request, attempt, delay asked for, reason).</summary>
    public Action<GitHubRetryEvent>? OnRetry { get; init; }
}
