using System.Diagnostics;
using ImageGate.Core.Errors;
using ImageGate.Testing.Network;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using ImageGate.Testing.GitHub;

namespace ImageGate.GitHub.Tests;

public sealed class ResilienceTests
{
    private static readonly Endorsement.Hosting.PullRequestDraft Draft = new("endorse/x/1", "main", "Endorse x 1", "the body", ["endorsement"]);

    private static void FailOnceThen(StubGitHub gh, Action<IResponseBuilder> failure)
    {
        var fail = Response.Create();
        failure(fail);
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet()).InScenario("fault").WillSetStateTo("recovered").AtPriority(1)
            .RespondWith(fail);
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet()).InScenario("fault").WhenStateIs("recovered").AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));
        PullRequestStubs.StubCreate(gh);
        PullRequestStubs.StubLabels(gh);
    }

    public static TheoryData<string> Faults => ["500", "502", "429", "403-secondary"];

    private static void Apply(string fault, IResponseBuilder r)
    {
        switch (fault)
        {
            case "500": r.WithStatusCode(500).WithBody("""{"message":"Server Error"}"""); break;
            case "502": r.WithStatusCode(502).WithBody("<html>Bad gateway</html>"); break;
            case "429": r.WithStatusCode(429).WithHeader("Retry-After", "7").WithHeader("Content-Type", "application/json").WithBody("""{"message":"Too many requests"}"""); break;
            case "403-secondary":
                r.WithStatusCode(403).WithHeader("Retry-After", "3").WithHeader("Content-Type", "application/json")
                    .WithBody("""{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest"}""");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_transient_fault_is_retried_and_the_call_succeeds(string fault)
    {
        using var gh = new StubGitHub();
        FailOnceThen(gh, r => Apply(fault, r));

        var pr = await gh.Host().OpenOrUpdatePullRequestAsync(Draft, TestContext.Current.CancellationToken);

        Assert.Equal(5, pr.Number);
        Assert.Equal(["GET /repos/owner/list/pulls", "GET /repos/owner/list/pulls", "POST /repos/owner/list/pulls", "POST /repos/owner/list/issues/5/labels"],
            gh.Requests.Select(StubGitHub.Describe).ToArray());
        var retry = Assert.Single(gh.Retries);
        Assert.StartsWith("GET /repos/owner/list/pulls", retry.Request);
        switch (fault)
        {
            case "429": Assert.Equal(TimeSpan.FromSeconds(7), retry.Delay); break;
            case "403-secondary":
                Assert.Contains("secondary", retry.Reason);
                Assert.Equal(TimeSpan.FromSeconds(3), retry.Delay);
                break;
            default: Assert.Contains(fault, retry.Reason); break;
        }
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_on_a_new_connection()
    {
        using var gh = new StubGitHub();
        PullRequestStubs.StubNoOpenPull(gh);
        PullRequestStubs.StubCreate(gh);
        PullRequestStubs.StubLabels(gh);
        using var proxy = FaultProxy.DroppingRequests(new Uri(gh.Url).Port, times: 2);
        var host = new GitHubRepositoryHost(new GitHubOptions("owner/list", StubGitHub.Token, new Uri(proxy.Url + "/")) { Retry = gh.RetryOptions });

        var pr = await host.OpenOrUpdatePullRequestAsync(Draft, TestContext.Current.CancellationToken);

        Assert.Equal(5, pr.Number);
        Assert.Equal(2, proxy.Faults);
        Assert.Equal(2, gh.Retries.Count);
        Assert.All(gh.Retries, r => Assert.Contains("network", r.Reason));
        Assert.Equal(["GET /repos/owner/list/pulls", "POST /repos/owner/list/pulls", "POST /repos/owner/list/issues/5/labels"], gh.Requests.Select(StubGitHub.Describe).ToArray());
    }

    [Fact]
    public async Task A_secondary_rate_limit_without_Retry_After_waits_a_minute()
    {
        using var gh = new StubGitHub();
        FailOnceThen(gh, r => r.WithStatusCode(403).WithHeader("Content-Type", "application/json")
            .WithBody("""{"message":"You have exceeded a secondary rate limit and have been temporarily blocked from content creation."}"""));
        await gh.Host().OpenOrUpdatePullRequestAsync(Draft, TestContext.Current.CancellationToken);
        Assert.Equal(TimeSpan.FromSeconds(60), Assert.Single(gh.Retries).Delay);
    }

    [Fact]
    public async Task A_persistent_server_error_fails_with_a_message_naming_the_request()
    {
        using var gh = new StubGitHub();
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(502).WithBody("bad gateway"));

        var ex = await Assert.ThrowsAnyAsync<ExternalToolException>(() => gh.Host().OpenOrUpdatePullRequestAsync(Draft, TestContext.Current.CancellationToken));

        Assert.Contains("GET /repos/owner/list/pulls?head=owner:endorse/x/1", ex.Message);
        Assert.Contains("6 attempt(s)", ex.Message);
        Assert.Contains("502", ex.Message);
        Assert.DoesNotContain(StubGitHub.Token, ex.Message);
        Assert.Equal(6, gh.Requests.Count);
        Assert.Equal(5, gh.Retries.Count);
    }

    [Fact]
    public async Task Errors_that_retrying_cannot_fix_are_not_retried()
    {
        using var gh = new StubGitHub();
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(401).WithHeader("Content-Type", "application/json").WithBody("""{"message":"Bad credentials"}"""));
        var ex = await Assert.ThrowsAnyAsync<ExternalToolException>(() => gh.Host().OpenOrUpdatePullRequestAsync(Draft, TestContext.Current.CancellationToken));
        Assert.Contains("401", ex.Message);
        Assert.Contains("token", ex.Message);
        Assert.Single(gh.Requests);
        Assert.Empty(gh.Retries);
    }

    [Fact]
    public async Task A_wait_longer_than_allowed_fails_at_once()
    {
        using var gh = new StubGitHub();
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "86400").WithBody("{}"));
        await Assert.ThrowsAnyAsync<ExternalToolException>(() => gh.Host().OpenOrUpdatePullRequestAsync(Draft, TestContext.Current.CancellationToken));
        Assert.Single(gh.Requests);
    }

    [Fact]
    public async Task A_hanging_server_is_abandoned_within_the_total_time()
    {
        using var gh = new StubGitHub();
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("[]").WithDelay(TimeSpan.FromSeconds(20)));
        var host = gh.Host(gh.RetryOptions with { AttemptTimeout = TimeSpan.FromMilliseconds(300), TotalTimeout = TimeSpan.FromSeconds(1.5) });
        var watch = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAnyAsync<ExternalToolException>(() => host.OpenOrUpdatePullRequestAsync(Draft, TestContext.Current.CancellationToken));
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Contains("GET /repos/owner/list/pulls", ex.Message);
    }
}
