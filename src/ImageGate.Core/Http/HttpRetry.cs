using System.Net.Http.Headers;
using Polly;
using Polly.Retry;

namespace ImageGate.Core.Http;

/// <summary>The one HTTP retry pipeline (Polly.Core): runs an attempt (send and read) again after a network failure
/// (<see cref="HttpRequestException"/>, <see cref="IOException"/>), a timeout (unless the caller cancelled) or an
/// <see cref="HttpStatusException"/> whose status <see cref="HttpRetryOptions.RetryStatus"/> accepts, waiting as
/// <see cref="HttpRetryOptions.Delay"/> says (with the server's <c>Retry-After</c>). The last failure reaches the
/// caller as it was thrown, and <see cref="HttpRetryRun.Attempts"/> tells how many attempts were made.</summary>
public static class HttpRetry
{
    /// <summary>Runs <paramref name="attempt"/> under <paramref name="options"/>; <paramref name="run"/> counts the attempts.</summary>
    public static async Task<T> ExecuteAsync<T>(HttpRetryOptions options, HttpRetryRun run, Func<CancellationToken, Task<T>> attempt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(attempt);
        var builder = new ResiliencePipelineBuilder { TimeProvider = options.Time };
        if (options.MaxAttempts > 1)
            builder.AddRetry(new RetryStrategyOptions
            {
                // The run counts the attempts (a caller may start a fresh count after progress), so Polly's own
                // limit is only a backstop.
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Constant,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                    && Failed(run) < options.MaxAttempts
                    && IsRetryable(ex, options, cancellationToken)
                    && options.AcceptWait(Failed(run), (ex as HttpStatusException)?.RetryAfter)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(options.Delay(Failed(run),
                    (args.Outcome.Exception as HttpStatusException)?.RetryAfter)),
                OnRetry = args =>
                {
                    if (options.OnRetry is { } notify && args.Outcome.Exception is { } ex)
                        notify(ex, Failed(run), args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        var pipeline = builder.Build();
        return await pipeline.ExecuteAsync(async ct =>
        {
            run.Attempts++;
            return await attempt(ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The server's <c>Retry-After</c> as a delay from now (a date in the past is zero), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(time);
        if (headers.RetryAfter is not { } ra) return null;
        if (ra.Delta is { } delta) return delta;
        if (ra.Date is { } date) return date - time.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero;
        return null;
    }

    /// <summary>The number of the attempt that just failed (1 after progress reset the count).</summary>
    private static int Failed(HttpRetryRun run) => Math.Max(run.Attempts, 1);

    private static bool IsRetryable(Exception ex, HttpRetryOptions options, CancellationToken callerToken) =>
        !callerToken.IsCancellationRequested && ex switch
        {
            HttpStatusException s => options.RetryStatus(s.StatusCode),
            HttpRequestException or IOException => true,
            OperationCanceledException or TimeoutException => options.RetryTimeouts,
            _ => false,
        };
}
