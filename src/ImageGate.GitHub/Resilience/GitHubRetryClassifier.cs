using System.Globalization;
using System.Net;
using Octokit;

namespace ImageGate.GitHub.Resilience;

/// <summary>Decides which failures are worth retrying and how long GitHub asks us to wait.</summary>
internal static class GitHubRetryClassifier
{
    private static readonly TimeSpan SecondaryLimitDefault = TimeSpan.FromSeconds(60);

    /// <summary>Null when the failure is final.</summary>
    public static RetryDecision? Classify(Exception ex, int attempt, GitHubRetryOptions options, DateTimeOffset now, CancellationToken callerToken)
    {
        switch (ex)
        {
            case SecondaryRateLimitExceededException s:
                return new(RetryAfter(s.HttpResponse, now) ?? SecondaryLimitDefault, "secondary rate limit");
            case AbuseException a:
                return new(a.RetryAfterSeconds is { } sec ? TimeSpan.FromSeconds(sec) : RetryAfter(a.HttpResponse, now) ?? SecondaryLimitDefault, "abuse detection (secondary rate limit)");
            case RateLimitExceededException r:
                var wait = RetryAfter(r.HttpResponse, now) ?? r.GetRetryAfterTimeSpan();
                return new(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, "rate limit exceeded");
            case ApiException api when (int)api.StatusCode == 429:
                return new(RetryAfter(api.HttpResponse, now) ?? RateLimitReset(api.HttpResponse, now) ?? Backoff(attempt, options), "HTTP 429 too many requests");
            case ApiException api when (int)api.StatusCode >= 500:
                return new(RetryAfter(api.HttpResponse, now) ?? Backoff(attempt, options), $"HTTP {(int)api.StatusCode}");
            case ApiException api when api.StatusCode == HttpStatusCode.Forbidden && RetryAfter(api.HttpResponse, now) is { } after:
                return new(after, "HTTP 403 with Retry-After");
            case ApiException:
                return null;
            case HttpRequestException or IOException:
                return new(Backoff(attempt, options), $"network error ({ex.Message})");
            case OperationCanceledException when !callerToken.IsCancellationRequested:
                return new(Backoff(attempt, options), "attempt timed out");
            default:
                return null;
        }
    }

    public static TimeSpan Backoff(int attempt, GitHubRetryOptions options)
    {
        var factor = Math.Pow(2, Math.Max(0, attempt - 1));
        var jitter = 0.8 + Random.Shared.NextDouble() * 0.4;
        var delay = TimeSpan.FromTicks((long)(options.BaseDelay.Ticks * factor * jitter));
        return delay > options.MaxDelay ? options.MaxDelay : delay;
    }

    internal static TimeSpan? RetryAfter(IResponse? response, DateTimeOffset now)
    {
        var value = Header(response, "Retry-After");
        if (value is null) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at > now ? at - now : TimeSpan.Zero;
        return null;
    }

    private static TimeSpan? RateLimitReset(IResponse? response, DateTimeOffset now)
    {
        if (Header(response, "x-ratelimit-remaining") != "0") return null;
        return long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset)
            ? TimeSpan.FromSeconds(Math.Max(0, reset - now.ToUnixTimeSeconds()))
            : null;
    }

    private static string? Header(IResponse? response, string name)
    {
        if (response?.Headers is null) return null;
        foreach (var (key, value) in response.Headers)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                return value?.Trim();
        return null;
    }
}
