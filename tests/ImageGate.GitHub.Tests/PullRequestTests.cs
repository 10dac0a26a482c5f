using System.Text.Json;
using ImageGate.Endorsement.Hosting;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using ImageGate.Testing.GitHub;

namespace ImageGate.GitHub.Tests;

public sealed class PullRequestTests
{
    private static readonly PullRequestDraft Draft = new("endorse/x/1", "main", "Endorse x 1", "the body", ["endorsement", "image:x"]);

    [Fact]
    public async Task Opening_a_pull_request_makes_exactly_these_requests()
    {
        using var gh = new StubGitHub();
        PullRequestStubs.StubNoOpenPull(gh);
        PullRequestStubs.StubCreate(gh);
        PullRequestStubs.StubLabels(gh);

        var pr = await gh.Host().OpenOrUpdatePullRequestAsync(Draft, TestContext.Current.CancellationToken);

        Assert.Equal(new PullRequestInfo(5, "https://github.com/owner/list/pull/5", true), pr);
        var requests = gh.Requests;
        Assert.Equal(["GET /repos/owner/list/pulls", "POST /repos/owner/list/pulls", "POST /repos/owner/list/issues/5/labels"], requests.Select(StubGitHub.Describe).ToArray());
        var query = requests[0].Query;
        Assert.Equal("owner:endorse/x/1", query["head"].Single());
        Assert.Equal("open", query["state"].Single());
        Assert.Equal("main", query["base"].Single());
        using (var create = JsonDocument.Parse(requests[1].Body!))
        {
            Assert.Equal("Endorse x 1", create.RootElement.GetProperty("title").GetString());
            Assert.Equal("endorse/x/1", create.RootElement.GetProperty("head").GetString());
            Assert.Equal("main", create.RootElement.GetProperty("base").GetString());
            Assert.Equal("the body", create.RootElement.GetProperty("body").GetString());
        }
        using (var labels = JsonDocument.Parse(requests[2].Body!))
            Assert.Equal(["endorsement", "image:x"], labels.RootElement.EnumerateArray().Select(e => e.GetString()).ToArray());
        foreach (var r in requests)
        {
            Assert.Contains(StubGitHub.Token, r.Headers["Authorization"].Single());
            Assert.Contains("imagegate", r.Headers["User-Agent"].Single());
        }
        Assert.Empty(gh.Retries);
    }

    [Fact]
    public async Task An_open_pull_request_from_the_branch_is_updated_not_duplicated()
    {
        using var gh = new StubGitHub();
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($"[{PullRequestStubs.PullJson(8, "endorse/x/1", "old body", "endorsement")}]"));
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls/8").UsingPatch())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(PullRequestStubs.PullJson(8, "endorse/x/1", "the body", "endorsement")));
        PullRequestStubs.StubLabels(gh);

        var pr = await gh.Host().OpenOrUpdatePullRequestAsync(Draft, TestContext.Current.CancellationToken);

        Assert.Equal((8, false), (pr.Number, pr.Created));
        Assert.Equal(["GET /repos/owner/list/pulls", "PATCH /repos/owner/list/pulls/8", "POST /repos/owner/list/issues/8/labels"], gh.Requests.Select(StubGitHub.Describe).ToArray());
        using var labels = JsonDocument.Parse(gh.Requests[2].Body!);
        Assert.Equal(["image:x"], labels.RootElement.EnumerateArray().Select(e => e.GetString()).ToArray());
    }

    [Fact]
    public async Task A_create_that_was_refused_because_it_already_exists_takes_the_open_one()
    {
        using var gh = new StubGitHub();
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet()).InScenario("pr").WillSetStateTo("exists")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet()).InScenario("pr").WhenStateIs("exists")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody($"[{PullRequestStubs.PullJson(9, "endorse/x/1", "the body", "endorsement", "image:x")}]"));
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(422).WithHeader("Content-Type", "application/json")
                .WithBody("""{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"A pull request already exists for owner:endorse/x/1."}]}"""));

        var pr = await gh.Host().OpenOrUpdatePullRequestAsync(Draft, TestContext.Current.CancellationToken);

        Assert.Equal((9, false), (pr.Number, pr.Created));
        Assert.Equal(["GET /repos/owner/list/pulls", "POST /repos/owner/list/pulls", "GET /repos/owner/list/pulls"], gh.Requests.Select(StubGitHub.Describe).ToArray());
    }
}
