using System.Text.Json;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Endorsement.Git;
using ImageGate.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using ImageGate.Testing.GitHub;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Cli.Tests.Commands.Endorsement;

/// <summary>In GitHub mode <c>publish</c> lists an endorsement only with an approving review, at the merged head,
/// by a listed endorser other than the author (read through the REST stub), records it on the approvals branch, and
/// <c>history</c> and the catalogue show only recorded approvals (commit-message claims as unverified).</summary>
public sealed class ApprovalTests
{
    private const string Author = "build-bot";

    private sealed record Merged(string Name, int Pr, string Head, string Merge);

    private static string NewKey(TempDirectory temp)
    {
        var key = temp.Combine("list.key");
        Assert.Equal(0, ExternalProcess.Run("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key]).ExitCode);
        return key;
    }

    /// <summary>A list repository naming alice and bob as endorsers (.imagegate/endorsers.json on main).</summary>
    private static string Origin(TempDirectory temp)
    {
        var origin = TestInputs.CreateOrigin(temp);
        var work = temp.Combine("roster");
        TestInputs.Git(temp.Path, "clone", "-q", origin, work);
        Directory.CreateDirectory(Path.Combine(work, ".imagegate"));
        File.WriteAllText(Path.Combine(work, ".imagegate", "endorsers.json"), """
            {
              "formatVersion": 1,
              "endorsers": [
                { "login": "alice", "name": "Alice Endorser", "email": "alice@vo.example", "dn": "/C=EU/O=VO/CN=Alice" },
                { "login": "bob", "name": "Bob Endorser" }
              ]
            }
            """);
        TestInputs.Git(work, "add", ".imagegate/endorsers.json");
        TestInputs.Git(work, "commit", "-q", "-m", "Name the endorsers");
        TestInputs.Git(work, "push", "-q", "origin", "main");
        return origin;
    }

    private static async Task<Merged> EndorseAndMergeAsync(TempDirectory temp, string origin, string name, int pr, string? claimedApprover = null)
    {
        var set = TestInputs.CreateImage(temp, name, seed: pr);
        var r = await new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(new EndorseRequest
        {
            ImagePath = set.Image, Name = name, Version = "1", ReportPath = set.Report, BundlePath = set.Bundle, Repository = new ListRepository(origin),
            Uri = $"https://example.org/{name}-1.qcow2",
        }, TestContext.Current.CancellationToken);
        var head = TestInputs.Git(origin, "rev-parse", r.Branch);
        var merge = TestInputs.MergeBranch(temp, origin, r.Branch, pr, approver: claimedApprover);
        return new Merged(name, pr, head, merge);
    }

    private static void StubPull(StubGitHub gh, Merged m, string author, params (long Id, string Login, string State, string Commit)[] reviews)
    {
        var pull = JsonSerializer.Serialize(new
        {
            id = 1000 + m.Pr, number = m.Pr, state = "closed", title = $"Endorse {m.Name} 1", user = new { login = author, id = 1 },
            merged = true, merge_commit_sha = m.Merge, merged_at = "2026-11-30T10:00:00Z",
            head = new { @ref = $"endorse/{m.Name}/1", sha = m.Head }, @base = new { @ref = "main", sha = m.Merge },
            html_url = $"https://github.com/owner/list/pull/{m.Pr}",
        });
        gh.Server.Given(Request.Create().WithPath($"/repos/owner/list/pulls/{m.Pr}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(pull));
        var body = JsonSerializer.Serialize(reviews.Select(r => new
        {
            id = r.Id, user = new { login = r.Login, id = 2 }, state = r.State, commit_id = r.Commit, submitted_at = "2026-11-30T09:00:00Z", body = "",
        }));
        gh.Server.Given(Request.Create().WithPath($"/repos/owner/list/pulls/{m.Pr}/reviews").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));
    }

    private static Task<CliResult> PublishAsync(string origin, string output, string key, StubGitHub gh, params string[] more) =>
        CliRunner.RunAsync(["publish", "--list-repo", origin, "--output", output, "--key", key, "--github-repository", "owner/list",
            "--github-api-url", gh.Url + "/", "--json", .. more], new Dictionary<string, string> { ["GITHUB_TOKEN"] = StubGitHub.Token });

    [Fact]
    public async Task An_endorsement_approved_by_a_listed_endorser_at_the_merged_head_is_listed_and_its_approval_recorded()
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        using var gh = new StubGitHub();
        var origin = Origin(temp);
        var m = await EndorseAndMergeAsync(temp, origin, "debian12", 11);
        StubPull(gh, m, Author, (9001, "alice", "APPROVED", m.Head), (9002, "mallory", "APPROVED", m.Head));

        var r = await PublishAsync(origin, temp.Combine("out"), NewKey(temp), gh);

        Assert.True(r.ExitCode == 0, r.StandardError);
        using (var doc = JsonDocument.Parse(r.StandardOutput))
        {
            Assert.Equal(["debian12@1"], doc.RootElement.GetProperty("images").EnumerateArray().Select(i => i.GetString()).ToArray());
            Assert.Empty(doc.RootElement.GetProperty("refused").EnumerateArray());
        }
        using (var record = JsonDocument.Parse(TestInputs.Git(origin, "show", "imagegate-approvals:endorsed/debian12@1.json")))
        {
            var root = record.RootElement;
            Assert.Equal((11, Author, m.Head, m.Merge), (root.GetProperty("pullRequest").GetInt32(), root.GetProperty("author").GetString(),
                root.GetProperty("headCommit").GetString(), root.GetProperty("mergeCommit").GetString()));
            var approval = Assert.Single(root.GetProperty("approvals").EnumerateArray()); // mallory is no endorser
            Assert.Equal(("alice", 9001L, m.Head), (approval.GetProperty("login").GetString(), approval.GetProperty("reviewId").GetInt64(), approval.GetProperty("commit").GetString()));
        }

        var history = await CliRunner.RunAsync(["history", "debian12", "--list-repo", origin, "--json"]);
        Assert.True(history.ExitCode == 0, history.StandardError);
        using (var doc = JsonDocument.Parse(history.StandardOutput))
        {
            var e = Assert.Single(doc.RootElement.EnumerateArray());
            Assert.Equal(["alice"], e.GetProperty("approvedBy").EnumerateArray().Select(x => x.GetString()).ToArray());
            Assert.Equal(9001, e.GetProperty("approvals")[0].GetProperty("reviewId").GetInt64());
        }

        // The record is reused: a second publish asks GitHub nothing about the pull request.
        gh.Server.ResetLogEntries();
        var again = await PublishAsync(origin, temp.Combine("out"), temp.Combine("list.key"), gh);
        Assert.True(again.ExitCode == 0, again.StandardError);
        Assert.DoesNotContain(gh.Requests, q => q.Path.StartsWith("/repos/owner/list/pulls", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Endorsements_approved_only_by_the_author_by_a_non_endorser_or_at_an_older_commit_are_refused_with_the_reason()
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        using var gh = new StubGitHub();
        var origin = Origin(temp);
        var own = await EndorseAndMergeAsync(temp, origin, "alma9", 21);
        var stranger = await EndorseAndMergeAsync(temp, origin, "rocky9", 22);
        var stale = await EndorseAndMergeAsync(temp, origin, "ubuntu24", 23);
        StubPull(gh, own, "bob", (1, "bob", "APPROVED", own.Head));
        StubPull(gh, stranger, Author, (2, "mallory", "APPROVED", stranger.Head));
        StubPull(gh, stale, Author, (3, "alice", "APPROVED", "0123456789abcdef0123456789abcdef01234567"));
        var output = temp.Combine("out");

        var r = await PublishAsync(origin, output, NewKey(temp), gh);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("not listed: alma9 1: pull request #21 by bob has no approval by a listed endorser other than its author", r.StandardError);
        Assert.Contains("bob: is its author", r.StandardError);
        Assert.Contains("not listed: rocky9 1: pull request #22", r.StandardError);
        Assert.Contains("mallory: is not a listed endorser", r.StandardError);
        Assert.Contains("not listed: ubuntu24 1: pull request #23", r.StandardError);
        Assert.Contains($"alice: approved commit 0123456789ab, not the merged head {stale.Head[..12]}", r.StandardError);
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, "endorsed-images.json"))))
            Assert.Empty(doc.RootElement.GetProperty("images").EnumerateArray());
        Assert.Equal(3, JsonDocument.Parse(r.StandardOutput).RootElement.GetProperty("refused").GetArrayLength());
        Assert.NotEqual(0, ExternalProcess.Run("git", ["-C", origin, "rev-parse", "--verify", "-q", "refs/heads/imagegate-approvals"]).ExitCode);
    }

    [Fact]
    public async Task A_forged_Approved_by_line_shows_as_unverified_in_history_and_the_catalogue()
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        using var gh = new StubGitHub();
        var origin = Origin(temp);
        var forged = await EndorseAndMergeAsync(temp, origin, "debian12", 31, claimedApprover: "Mallory <ceo@vo.example>");
        StubPull(gh, forged, Author, (77, "alice", "APPROVED", forged.Head));
        var local = await EndorseAndMergeAsync(temp, origin, "alma9", 32, claimedApprover: "Eve");

        var history = await CliRunner.RunAsync(["history", "--list-repo", origin, "--json"]);
        Assert.True(history.ExitCode == 0, history.StandardError);
        using (var doc = JsonDocument.Parse(history.StandardOutput))
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                Assert.Empty(e.GetProperty("approvedBy").EnumerateArray());
                Assert.Single(e.GetProperty("unverifiedApprovedBy").EnumerateArray());
            }
        var table = await CliRunner.RunAsync(["history", "--list-repo", origin]);
        Assert.Contains("unverified approval claim: Mallory <ceo@vo.example>", table.StandardOutput);
        Assert.DoesNotContain("approved by Mallory", table.StandardOutput);

        // alma9 has no approving review at all: refused; debian12 is listed on alice's review, not on the forged line
        StubPull(gh, local, Author);
        var output = temp.Combine("out");
        var r = await PublishAsync(origin, output, NewKey(temp), gh, "--html");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("not listed: alma9 1: pull request #32 by build-bot has no approval by a listed endorser other than its author at its merged head (no reviews)", r.StandardError);
        var index = File.ReadAllText(Path.Combine(output, "index.html"));
        Assert.Contains("approved by alice (review 77); unverified approval claim: Mallory &lt;ceo@vo.example&gt;", index);
        Assert.DoesNotContain("alma9", index); // refused: neither in the list nor in the catalogue

        var after = await CliRunner.RunAsync(["history", "debian12", "--list-repo", origin, "--json"]);
        using (var doc = JsonDocument.Parse(after.StandardOutput))
        {
            var e = Assert.Single(doc.RootElement.EnumerateArray());
            Assert.Equal(["alice"], e.GetProperty("approvedBy").EnumerateArray().Select(x => x.GetString()).ToArray());
            Assert.Equal(["Mallory <ceo@vo.example>"], e.GetProperty("unverifiedApprovedBy").EnumerateArray().Select(x => x.GetString()).ToArray());
        }
    }
}
