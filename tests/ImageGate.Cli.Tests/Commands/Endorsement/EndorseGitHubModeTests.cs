using System.Text.Json;
using ImageGate.Testing;
using ImageGate.Testing.Endorsements;
using ImageGate.Testing.GitHub;

namespace ImageGate.Cli.Tests.Commands.Endorsement;

/// <summary><c>endorse</c> in GitHub mode: the pull request opened through GitHub's REST API (stubbed).</summary>
public sealed class EndorseGitHubModeTests
{
    [Fact]
    public async Task The_cli_opens_the_pull_request_and_publishes_a_release_through_the_stub()
    {
        using var temp = new TempDirectory();
        using var gh = new StubGitHub();
        var origin = TestInputs.CreateOrigin(temp);
        PullRequestStubs.StubNoOpenPull(gh);
        PullRequestStubs.StubCreate(gh, number: 42, head: "endorse/debian12/1");
        PullRequestStubs.StubLabels(gh);
        var set = TestInputs.CreateImage(temp, "debian12");
        var env = new Dictionary<string, string> { ["GITHUB_TOKEN"] = StubGitHub.Token };

        var r = await CliRunner.RunAsync(["endorse", set.Image, "--name", "debian12", "--version", "1", "--report", set.Report, "--bundle", set.Bundle,
            "--uri", "https://example.org/debian12-1.qcow2", "--list-repo", origin, "--github-repository", "owner/list", "--github-api-url", gh.Url + "/", .. TestInputs.KeyVerification(temp.Path)], env);

        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.Contains("pull request #42 opened", r.StandardOutput);
        Assert.DoesNotContain(StubGitHub.Token, r.StandardOutput + r.StandardError);
        var create = gh.Requests.Single(x => x.Method == "POST" && x.Path == "/repos/owner/list/pulls");
        var body = JsonDocument.Parse(create.Body!).RootElement.GetProperty("body").GetString()!;
        Assert.Contains(set.Sha256, body);
        Assert.Contains("Findings and waivers", body);
        Assert.Contains("| Signer (verified) | key k3Y-h1nt |", body);
    }
}
