namespace ImageGate.Core.Http;

/// <summary>How <see cref="HttpRetry"/> retries one HTTP exchange: how many attempts, which answers and failures are
/// worth another, and how long to wait (each caller keeps its own back-off and <c>Retry-After</c> rule).</summary>
public sealed record HttpRetryOptions
{
    /// <summary>Attempts in all (1 means no retry).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The wait before the next attempt, given the failed attempt's number (1-based) and the server's
    /// <c>Retry-After</c> (as a delay from now; null when it gave none).</summary>
    public Func<int, TimeSpan?, TimeSpan> Delay { get; init; } = (attempt, _) => TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(attempt - 1, 5)));

    /// <summary>HTTP status codes worth another attempt (default: 408, 429 and 5xx).</summary>
    public Func<int, bool> RetryStatus { get; init; } = code => code is 408 or 429 || code >= 500;

    /// <summary>Whether an attempt that timed out (an <see cref="OperationCanceledException"/> or
    /// <see cref="TimeoutException"/> not asked for by the caller) is worth another.</summary>
    public bool RetryTimeouts { get; init; } = true;

    /// <summary>Whether the caller accepts the wait for another attempt, given the failed attempt's number and the
    /// server's <c>Retry-After</c> (false ends the retries and the last failure reaches the caller: e.g. a server
    /// asking for a longer wait than the caller allows). Default: always.</summary>
    public Func<int, TimeSpan?, bool> AcceptWait { get; init; } = (_, _) => true;

    /// <summary>Called before each wait with the failure, the failed attempt's number and the wait (for a caller
    /// that tells people about retries).</summary>
    public Action<Exception, int, TimeSpan>? OnRetry { get; init; }

    /// <summary>The clock for waits and <c>Retry-After</c> dates.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
