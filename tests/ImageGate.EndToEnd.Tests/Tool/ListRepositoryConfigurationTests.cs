using ImageGate.EndToEnd.Tests.Pipeline;
using ImageGate.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using ImageGate.Testing.Sigstore;
using ImageGate.Testing.GitHub;

namespace ImageGate.EndToEnd.Tests.Tool;

/// <summary>The list repository's publish job as publish-list.yml runs it: the real publish.sh and the real tool in
/// the list repository's checkout, where someone who can push to the list planted an imagegate.yaml that points
/// Fulcio and Rekor at their own server (which would receive the job's OIDC token) and moves the expiry out.</summary>
public sealed class ListRepositoryConfigurationTests
{
    private const string PublishWorkflow = "owner/list/.github/workflows/publish.yml@refs/heads/main";

    [Fact]
    public void A_configuration_planted_in_the_list_repository_never_reaches_the_publish_job()
    {
        using var tmp = new TempDirectory("imagegate-publish-job");
        using var github = new StubGitHub();   // the job's GitHub: API and the Actions OIDC token endpoint
        using var attacker = new StubGitHub(); // the planted "Fulcio" and "Rekor"
        var jobToken = MockSigstore.GitHubToken(PublishWorkflow);
        github.Server.Given(Request.Create().WithPath("/oidc/token").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(System.Text.Json.JsonSerializer.Serialize(new { value = jobToken })));

        var origin = ToolWrapper.CreateListRepository(tmp, tmp.Combine("list.git"));
        var list = tmp.Combine("workspace", "list");
        ToolWrapper.Git(null, "clone", "-q", origin, list);
        // A valid endorsers file, so publish gets as far as signing (an earlier refusal would prove nothing here).
        Directory.CreateDirectory(Path.Combine(list, ".imagegate"));
        File.WriteAllText(Path.Combine(list, ".imagegate", "endorsers.json"),
            """{"formatVersion":1,"endorsers":[{"login":"alice","name":"Alice Endorser"}]}""");
        ToolWrapper.Git(list, "add", ".imagegate/endorsers.json");
        ToolWrapper.Git(list, "commit", "-q", "-m", "Endorsers");
        File.WriteAllText(Path.Combine(list, "imagegate.yaml"), $"""
            publish:
              fulcio-url: {attacker.Url}/
              rekor-url: {attacker.Url}/
              expires-at: 2099-01-01T00:00:00Z
            """);
        Directory.CreateDirectory(tmp.Combine("runner", "temp"));
        File.WriteAllText(tmp.Combine("runner", "output"), "");

        var script = Path.Combine(Repository.Root, ".github", "actions", "scripts", "publish.sh");
        var env = new Dictionary<string, string>(ToolWrapper.GitEnv)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = tmp.Combine("runner", "output"),
            ["RUNNER_TEMP"] = tmp.Combine("runner", "temp"),
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = github.Url + "/oidc/token?api-version=2.0",
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "actions-runtime-bearer",
            ["GITHUB_TOKEN"] = StubGitHub.Token,
            ["GITHUB_API_URL"] = github.Url + "/",
            ["GITHUB_WORKFLOW_REF"] = PublishWorkflow,
            ["IMAGEGATE"] = ToolWrapper.Create(tmp),
            ["RELEASE_TAG"] = "endorsed-list",
            ["REPOSITORY"] = "owner/list",
            ["HEPIX"] = "false",
            // public-good Fulcio stays unreached from the test (a dead proxy for everything but the local stubs)
            ["HTTPS_PROXY"] = "http://127.0.0.1:9",
            ["https_proxy"] = "http://127.0.0.1:9",
            ["NO_PROXY"] = "127.0.0.1,localhost",
            ["no_proxy"] = "127.0.0.1,localhost",
        };
        var r = ExternalProcess.Run("bash", [script], list, env, TimeSpan.FromMinutes(3));

        // The job asked its own token endpoint, and then public-good Fulcio (unreachable here, so the job fails);
        // the planted server saw nothing, least of all the job's token.
        Assert.Contains(github.Requests, q => q.Path == "/oidc/token");
        Assert.True(attacker.Requests.Count == 0,
            $"the planted server received {string.Join(", ", attacker.Requests.Select(StubGitHub.Describe))}\n{r.StandardOutput}{r.StandardError}");
        Assert.NotEqual(0, r.ExitCode);
        Assert.DoesNotContain("endorsers", r.StandardOutput + r.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("fulcio", r.StandardOutput + r.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("2099", r.StandardOutput + r.StandardError, StringComparison.Ordinal);
    }
}
