using System.Net;
using ImageGate.Core.Errors;
using ImageGate.Core.Http;

namespace ImageGate.Core.Tests.Http;

public sealed class HttpRetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_retryable_status_is_tried_again_with_the_servers_retry_after_until_it_succeeds()
    {
        var asked = new List<(int Attempt, TimeSpan? RetryAfter)>();
        var options = new HttpRetryOptions { MaxAttempts = 4, Delay = (n, ra) => { asked.Add((n, ra)); return TimeSpan.Zero; } };
        var run = new HttpRetryRun();
        var result = await HttpRetry.ExecuteAsync(options, run, _ => run.Attempts switch
        {
            1 => throw new HttpStatusException("svc", "HTTP 503", 503, TimeSpan.FromSeconds(7)),
            2 => throw new HttpRequestException("connection reset"),
            _ => Task.FromResult("ok"),
        }, Ct);

        Assert.Equal("ok", result);
        Assert.Equal(3, run.Attempts);
        Assert.Equal(new List<(int, TimeSpan?)> { (1, TimeSpan.FromSeconds(7)), (2, null) }, asked);
    }

    [Fact]
    public async Task The_last_failure_reaches_the_caller_after_the_allowed_attempts()
    {
        var run = new HttpRetryRun();
        var ex = await Assert.ThrowsAsync<HttpStatusException>(() => HttpRetry.ExecuteAsync<string>(
            new HttpRetryOptions { MaxAttempts = 3, Delay = (_, _) => TimeSpan.Zero }, run,
            _ => throw new HttpStatusException("svc", "HTTP 502 Bad Gateway", 502), Ct));
        Assert.Equal(3, run.Attempts);
        Assert.Equal("HTTP 502 Bad Gateway", ex.Detail);
        Assert.IsAssignableFrom<ExternalToolException>(ex);
    }

    [Fact]
    public async Task A_status_or_failure_the_options_refuse_is_final_at_once()
    {
        var options = new HttpRetryOptions { MaxAttempts = 5, Delay = (_, _) => TimeSpan.Zero, RetryStatus = code => code >= 500, RetryTimeouts = false };
        var run = new HttpRetryRun();
        await Assert.ThrowsAsync<HttpStatusException>(() => HttpRetry.ExecuteAsync<string>(options, run,
            _ => throw new HttpStatusException("svc", "HTTP 429", 429), Ct));
        Assert.Equal(1, run.Attempts);

        var timedOut = new HttpRetryRun();
        await Assert.ThrowsAsync<TaskCanceledException>(() => HttpRetry.ExecuteAsync<string>(options, timedOut,
            _ => throw new TaskCanceledException("timeout"), Ct));
        Assert.Equal(1, timedOut.Attempts);

        var bad = new HttpRetryRun();
        await Assert.ThrowsAsync<BadInputException>(() => HttpRetry.ExecuteAsync<string>(options, bad,
            _ => throw new BadInputException("too large"), Ct));
        Assert.Equal(1, bad.Attempts);
    }

    [Fact]
    public async Task One_attempt_allowed_means_no_retry()
    {
        var run = new HttpRetryRun();
        await Assert.ThrowsAsync<HttpStatusException>(() => HttpRetry.ExecuteAsync<string>(
            new HttpRetryOptions { MaxAttempts = 1, Delay = (_, _) => TimeSpan.Zero }, run,
            _ => throw new HttpStatusException("svc", "HTTP 503", 503), Ct));
        Assert.Equal(1, run.Attempts);
        Assert.Equal("ok", await HttpRetry.ExecuteAsync(new HttpRetryOptions { MaxAttempts = 1 }, new HttpRetryRun(), _ => Task.FromResult("ok"), Ct));
    }

    [Fact]
    public async Task An_attempt_that_made_progress_starts_the_count_afresh()
    {
        var made = 0;
        var run = new HttpRetryRun();
        var result = await HttpRetry.ExecuteAsync(new HttpRetryOptions { MaxAttempts = 2, Delay = (_, _) => TimeSpan.Zero }, run, _ =>
        {
            made++;
            if (made <= 3)
            {
                run.MadeProgress(); // each of the first three brings bytes, then fails
                throw new IOException("cut");
            }
            return Task.FromResult(made);
        }, Ct);
        Assert.Equal(4, result);

        var stalled = new HttpRetryRun();
        var calls = 0;
        await Assert.ThrowsAsync<IOException>(() => HttpRetry.ExecuteAsync<int>(
            new HttpRetryOptions { MaxAttempts = 2, Delay = (_, _) => TimeSpan.Zero }, stalled, _ =>
            {
                calls++;
                throw new IOException("cut before any byte");
            }, Ct));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_wait_the_caller_refuses_ends_the_retries_and_each_retry_is_announced()
    {
        var announced = new List<(string Failure, int Attempt, TimeSpan Wait)>();
        var options = new HttpRetryOptions
        {
            MaxAttempts = 5,
            Delay = (n, _) => TimeSpan.FromMilliseconds(n),
            AcceptWait = (_, retryAfter) => retryAfter is null || retryAfter <= TimeSpan.FromSeconds(60),
            OnRetry = (ex, n, wait) => announced.Add((ex.Message, n, wait)),
        };
        var run = new HttpRetryRun();
        var ex = await Assert.ThrowsAsync<HttpStatusException>(() => HttpRetry.ExecuteAsync<string>(options, run, _ => run.Attempts switch
        {
            1 => throw new HttpRequestException("reset"),
            _ => throw new HttpStatusException("svc", "HTTP 503", 503, TimeSpan.FromHours(1)),
        }, Ct));

        Assert.Equal(2, run.Attempts);
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal([("reset", 1, TimeSpan.FromMilliseconds(1))], announced);
    }

    [Fact]
    public async Task The_callers_cancellation_is_never_retried()
    {
        using var cts = new CancellationTokenSource();
        var run = new HttpRetryRun();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => HttpRetry.ExecuteAsync<string>(
            new HttpRetryOptions { MaxAttempts = 5, Delay = (_, _) => TimeSpan.Zero }, run, async ct =>
            {
                await cts.CancelAsync();
                ct.ThrowIfCancellationRequested();
                return "never";
            }, cts.Token));
        Assert.Equal(1, run.Attempts);
    }

    [Fact]
    public void Retry_after_is_read_as_a_delay_or_a_date_from_now()
    {
        var now = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new FixedClock(now);
        using var delta = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        delta.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(12));
        Assert.Equal(TimeSpan.FromSeconds(12), HttpRetry.RetryAfter(delta.Headers, clock));
        using var date = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        date.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(40));
        Assert.Equal(TimeSpan.FromSeconds(40), HttpRetry.RetryAfter(date.Headers, clock));
        using var past = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        past.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(-40));
        Assert.Equal(TimeSpan.Zero, HttpRetry.RetryAfter(past.Headers, clock));
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        Assert.Null(HttpRetry.RetryAfter(none.Headers, clock));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
