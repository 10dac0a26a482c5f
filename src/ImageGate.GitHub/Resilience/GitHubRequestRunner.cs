using ImageGate.Core.Errors;
using Octokit;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ImageGate.GitHub.Resilience;

/// <summary>Runs one GitHub request under the retry policy (Polly.Core) and turns a final failure into an
/// <see cref="ExternalToolException"/> that names the request.</summary>
internal sealed class GitHubRequestRunner(GitHubRetryOptions options, TimeProvider time)
{
    public async Task<T> RunAsync<T>(string request, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.TotalTimeout })
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex
                    && Decide(ex, args.AttemptNumber + 1, cancellationToken) is { Delay: { } d } && d <= options.MaxDelay),
                DelayGenerator = args =>
                {
                    var decision = Decide(args.Outcome.Exception!, args.AttemptNumber + 1, cancellationToken)!;
                    options.OnRetry?.Invoke(new GitHubRetryEvent(request, args.AttemptNumber + 1, decision.Delay!.Value, decision.Reason));
                    return ValueTask.FromResult<TimeSpan?>(TimeSpan.FromTicks((long)(decision.Delay!.Value.Ticks * options.DelayScale)));
                },
            })
            .Build();
        try
        {
            return await pipeline.ExecuteAsync(async ct =>
            {
                attempts++;
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
                attempt.CancelAfter(options.AttemptTimeout);
                try
                {
                    return await call().WaitAsync(attempt.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new TimeoutException($"no answer within {options.AttemptTimeout.TotalSeconds:0.#} s");
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new GitHubRequestException($"{request}: gave up after {options.TotalTimeout.TotalSeconds:0.#} s ({attempts} attempt(s))", null, ex);
        }
        catch (ApiException ex)
        {
            throw new GitHubRequestException($"{request} failed after {attempts} attempt(s): HTTP {(int)ex.StatusCode} {ex.Message}{Hint(ex, options)}", ex.StatusCode, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException)
        {
            throw new GitHubRequestException($"{request} failed after {attempts} attempt(s): {ex.Message}", null, ex);
        }
    }

    private RetryDecision? Decide(Exception ex, int attempt, CancellationToken callerToken) =>
        GitHubRetryClassifier.Classify(ex is TimeoutException ? new OperationCanceledException(ex.Message) : ex, attempt, options, time.GetUtcNow(), callerToken);

    private static string Hint(ApiException ex, GitHubRetryOptions options) => ex switch
    {
        AuthorizationException => " (check the token)",
        RateLimitExceededException r => $" (rate limit resets at {r.Reset:u}, beyond the {options.MaxDelay.TotalSeconds:0} s we wait)",
        ForbiddenException => " (the token lacks a permission: pull-requests and contents write, or releases)",
        _ => "",
    };
}
