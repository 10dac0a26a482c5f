using System.Text.Json;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Endorsement.Git;
using ImageGate.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using ImageGate.Testing.GitHub;
using ImageGate.Testing.Endorsements;

namespace ImageGate.GitHub.Tests;

public sealed class EndorsementWithGitHubTests
{
    [Fact]
    public async Task Ten_concurrent_endorsements_make_ten_branches_and_ten_pull_requests_and_a_rerun_makes_no_duplicate()
    {
        using var temp = new TempDirectory();
        using var gh = new StubGitHub();
        var ct = TestContext.Current.CancellationToken;
        var origin = TestInputs.CreateOrigin(temp);
        PullRequestStubs.StubNoOpenPull(gh);
        PullRequestStubs.StubCreate(gh, number: 5);
        PullRequestStubs.StubLabels(gh);
        var sets = Enumerable.Range(1, 10).Select(i => (Name: $"image{i:00}", Set: TestInputs.CreateImage(temp, $"image{i:00}", seed: i))).ToList();
        EndorseRequest Make((string Name, TestInputs.ImageSet Set) x) => new()
        {
            ImagePath = x.Set.Image, Name = x.Name, Version = "1.0", ReportPath = x.Set.Report, BundlePath = x.Set.Bundle, SbomPath = x.Set.Sbom,
            Uri = $"https://example.org/{x.Name}-1.0.qcow2", Repository = new ListRepository(origin),
        };

        var results = await Task.WhenAll(sets.Select(x => Task.Run(() => new Endorser(TestInputs.GitClient, TestInputs.Signatures, gh.Host()).EndorseAsync(Make(x), ct), ct)));

        Assert.All(results, r => Assert.Equal(ProposalStatus.Proposed, r.Status));
        var branches = TestInputs.Git(origin, "for-each-ref", "--format=%(refname:short)", "refs/heads/endorse").Split('\n');
        Assert.Equal(sets.Select(s => $"endorse/{s.Name}/1.0").Order(), branches.Order());
        foreach (var (name, set) in sets)
            Assert.Contains(set.Sha256, TestInputs.Git(origin, "show", $"endorse/{name}/1.0:images/{name}/1.0/record.json"));
        var creates = gh.Requests.Where(r => r.Method == "POST" && r.Path == "/repos/owner/list/pulls").ToList();
        Assert.Equal(10, creates.Count);
        var heads = creates.Select(c => JsonDocument.Parse(c.Body!).RootElement.GetProperty("head").GetString()).Order().ToArray();
        Assert.Equal(sets.Select(s => $"endorse/{s.Name}/1.0").Order().ToArray(), heads);

        // Re-run: every branch has its open pull request now.
        gh.Server.Reset();
        foreach (var (name, _) in sets)
            gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet().WithParam("head", $"owner:endorse/{name}/1.0"))
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                    .WithBody($"[{PullRequestStubs.PullJson(int.Parse(name[5..], System.Globalization.CultureInfo.InvariantCulture), $"endorse/{name}/1.0", "stale", "endorsement", "image:" + name, "has-waivers")}]"));
        gh.Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/repos/owner/list/pulls/\d+$")).UsingPatch())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(PullRequestStubs.PullJson(1, "x", "new", "endorsement")));

        var again = await Task.WhenAll(sets.Select(x => Task.Run(() => new Endorser(TestInputs.GitClient, TestInputs.Signatures, gh.Host()).EndorseAsync(Make(x), ct), ct)));

        Assert.All(again, r => Assert.Equal(ProposalStatus.Unchanged, r.Status));
        Assert.All(again, r => Assert.False(r.PullRequest!.Created));
        Assert.DoesNotContain(gh.Requests, r => r.Method == "POST");
        Assert.Equal(10, gh.Requests.Count(r => r.Method == "PATCH"));
        Assert.Equal(10, TestInputs.Git(origin, "for-each-ref", "refs/heads/endorse").Split('\n').Length);
    }
}
