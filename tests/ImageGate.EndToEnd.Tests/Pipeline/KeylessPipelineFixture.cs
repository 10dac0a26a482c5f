using ImageGate.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using ImageGate.Testing.Sigstore;
using ImageGate.Testing.GitHub;

namespace ImageGate.EndToEnd.Tests.Pipeline;

/// <summary>Runs <c>imagegate run</c> once as the action does in a GitHub Actions job: a real Packer build of
/// examples/debian12 → scan → keyless signing against the local Sigstore services (@sigstore/mock) with a
/// GitHub-shaped OIDC token served by a 127.0.0.1 stub of the Actions token endpoint → endorsement into a local bare
/// list repository, the pull request opened through the GitHub REST stub (WireMock.Net). Then the action's
/// outputs.sh step writes the outputs and the job summary from run.json.</summary>
public sealed class KeylessPipelineFixture : IAsyncLifetime
{
    public const string BuildWorkflow = "org/images/.github/workflows/build.yml@refs/heads/main";
    public const string BuildIdentity = "https://github.com/" + BuildWorkflow;
    public const string BuildRepository = "org/images";
    public const string RuntimeBearer = "actions-runtime-bearer-0123";

    public TempDirectory Tmp { get; } = new("imagegate-e2e-keyless");

    internal StubGitHub GitHub { get; } = new();

    public MockSigstore Sigstore { get; private set; } = null!;

    public string Tool { get; private set; } = "";

    public string ListRepository { get; private set; } = "";

    public string OutputDir => Tmp.Combine("runner", "temp", "imagegate", "output");

    public string OutputsFile => Tmp.Combine("runner", "output");

    public string SummaryFile => Tmp.Combine("runner", "summary");

    public ProcessResult Run { get; private set; } = null!;

    public ProcessResult OutputsStep { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        foreach (var tool in new[] { "packer", "qemu-img", "sfdisk", "mke2fs", "git", "jq", "node" }) ExternalProcess.Require(tool);
        Sigstore = await MockSigstore.StartAsync();
        Tool = ToolWrapper.Create(Tmp);
        ListRepository = ToolWrapper.CreateListRepository(Tmp, Tmp.Combine("list.git"));
        Directory.CreateDirectory(Tmp.Combine("runner", "temp"));
        File.WriteAllText(OutputsFile, "");
        File.WriteAllText(SummaryFile, "");

        var json = "application/json";
        GitHub.Server.Given(Request.Create().WithPath("/oidc/token").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", json)
                .WithBody(System.Text.Json.JsonSerializer.Serialize(new { value = MockSigstore.GitHubToken(BuildWorkflow) })));
        GitHub.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", json).WithBody("[]"));
        GitHub.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", json).WithBody(System.Text.Json.JsonSerializer.Serialize(new
            {
                id = 1012, number = 12, state = "open", title = "Endorse debian12 1.0.0", body = "", html_url = "https://github.com/owner/list/pull/12",
                head = new { @ref = "endorse/debian12/1.0.0", label = "owner:endorse/debian12/1.0.0" }, @base = new { @ref = "main" }, labels = Array.Empty<object>(),
            })));
        GitHub.Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/repos/owner/list/issues/\d+/labels$")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", json).WithBody("[]"));

        var env = new Dictionary<string, string>(ToolWrapper.GitEnv)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = OutputsFile,
            ["GITHUB_STEP_SUMMARY"] = SummaryFile,
            ["RUNNER_TEMP"] = Tmp.Combine("runner", "temp"),
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = GitHub.Url + "/oidc/token?api-version=2.0",
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = RuntimeBearer,
            ["GITHUB_TOKEN"] = StubGitHub.Token,
            ["GITHUB_WORKFLOW_REF"] = BuildWorkflow,
            ["GITHUB_REPOSITORY"] = BuildRepository,
            ["GITHUB_SERVER_URL"] = "https://github.com",
            ["GITHUB_SHA"] = "0123456789abcdef0123456789abcdef01234567",
            ["CHECKPOINT_DISABLE"] = "1",
        };
        var url = Sigstore.Url.ToString().TrimEnd('/');
        // --no-patch-check: the fixture root really misses security updates and this test stays offline (as the demo).
        Run = ExternalProcess.Run(Tool, ["run", Path.Combine(Repository.Root, "examples", "debian12", "debian12.pkr.hcl"),
            "--var", $"rootfs={Fixtures.Path("root")}", "--var", $"output={Tmp.Combine("packer-out")}", "--no-patch-check",
            "--image-name", "debian12", "--image-version", "1.0.0", "--signing", "keyless",
            "--fulcio-url", url, "--rekor-url", url, "--trusted-root", Sigstore.TrustedRootPath,
            "--list-repo", ListRepository, "--github-repository", "owner/list", "--github-api-url", GitHub.Url + "/",
            "--uri", "https://images.example.org/debian12-1.0.0.qcow2", "--output-dir", OutputDir],
            Tmp.Path, env, TimeSpan.FromMinutes(10));

        // The action's next step (if: always()): outputs and job summary from run.json.
        OutputsStep = ExternalProcess.Run("bash", [Path.Combine(Repository.Root, ".github", "actions", "scripts", "outputs.sh")], Tmp.Path,
            new Dictionary<string, string>
            {
                ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = OutputsFile, ["GITHUB_STEP_SUMMARY"] = SummaryFile,
                ["OUTPUT_DIR"] = OutputDir, ["RUN_EXIT_CODE"] = Run.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture), ["SHOW_SUMMARY"] = "true",
            }, TimeSpan.FromMinutes(1));
    }

    public async ValueTask DisposeAsync()
    {
        if (Sigstore is not null) await Sigstore.DisposeAsync();
        GitHub.Dispose();
        Tmp.Dispose();
    }
}
