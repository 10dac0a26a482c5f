using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageGate.Testing.GitHub;
using ImageGate.Testing;
using ImageGate.Testing.Registries;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace ImageGate.EndToEnd.Tests.Pipeline;

/// <summary>The Action's own path to a registry, as a build team's job runs it: the action's run.sh with the
/// <c>registry</c> inputs (credentials from the registry-username and registry-password inputs) → <c>imagegate run</c>:
/// real Packer build of examples/debian12 → scan → key signing → push to the CNCF registry on 127.0.0.1 → endorsement
/// pull request (GitHub REST stub) recording the <c>oci</c> location; then the list repository's side: merge → publish →
/// a site's <c>site sync</c> that pulls the image from the registry.</summary>
public sealed class ActionRegistryTests
{
    private static string Script(string name) => Path.Combine(Repository.Root, ".github", "actions", "scripts", name);

    [Fact]
    public void The_action_pushes_to_the_registry_endorses_the_oci_location_and_a_site_syncs_the_published_list_from_the_registry()
    {
        foreach (var program in new[] { "packer", "qemu-img", "sfdisk", "mke2fs", "git", "jq", "skopeo" }) ExternalProcess.Require(program);
        using var tmp = new TempDirectory("imagegate-e2e-registry");
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        using var github = new StubGitHub();
        var json = "application/json";
        github.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", json).WithBody("[]"));
        github.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", json).WithBody(JsonSerializer.Serialize(new
            {
                id = 1003, number = 3, state = "open", title = "Endorse debian12 1.0.0", body = "", html_url = "https://github.example/owner/list/pull/3",
                head = new { @ref = "endorse/debian12/1.0.0", label = "owner:endorse/debian12/1.0.0" }, @base = new { @ref = "main" }, labels = Array.Empty<object>(),
            })));
        github.Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/repos/owner/list/issues/\d+/labels$")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", json).WithBody("[]"));

        var tool = ToolWrapper.Create(tmp);
        var keys = ExternalProcess.Run(tool, ["generate-key-pair", "--output-key-prefix", tmp.Combine("endorser")]);
        Assert.True(keys.ExitCode == 0, keys.StandardError);
        // The list repository where the action finds it: GITHUB_SERVER_URL/OWNER/NAME.git (here a file:// server).
        var server = Directory.CreateDirectory(tmp.Combine("server")).FullName;
        var list = ToolWrapper.CreateListRepository(tmp, Path.Combine(server, "owner", "list.git"));
        var runner = Directory.CreateDirectory(tmp.Combine("runner")).FullName;
        Directory.CreateDirectory(Path.Combine(runner, "temp"));
        File.WriteAllText(Path.Combine(runner, "output"), "");
        File.WriteAllText(Path.Combine(runner, "summary"), "");

        var env = new Dictionary<string, string>(ToolWrapper.GitEnv)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = Path.Combine(runner, "output"),
            ["GITHUB_STEP_SUMMARY"] = Path.Combine(runner, "summary"),
            ["RUNNER_TEMP"] = Path.Combine(runner, "temp"),
            ["GITHUB_SERVER_URL"] = "file://" + server,
            ["GITHUB_API_URL"] = github.Url + "/",
            ["CHECKPOINT_DISABLE"] = "1",
            // the fixture root really misses security updates and this test stays offline (as the demo): no patch check
            ["IMAGEGATE_NO_PATCH_CHECK"] = "true",
            ["IMAGEGATE"] = tool,
            ["INPUT_TEMPLATE"] = Path.Combine(Repository.Root, "examples", "debian12", "debian12.pkr.hcl"),
            ["INPUT_VARS"] = $"rootfs={Fixtures.Path("root")}\noutput={tmp.Combine("packer-out")}",
            ["INPUT_IMAGE_NAME"] = "debian12",
            ["INPUT_IMAGE_VERSION"] = "1.0.0",
            ["INPUT_LIST_REPOSITORY"] = "owner/list",
            ["INPUT_REGISTRY"] = $"{registry.Host}/egi",
            ["INPUT_REGISTRY_USERNAME"] = registry.Username,
            ["REGISTRY_PASSWORD"] = registry.Password,
            ["INPUT_SIGNING"] = "key",
            ["SIGNING_KEY"] = File.ReadAllText(tmp.Combine("endorser.key")),
            ["LIST_TOKEN"] = StubGitHub.Token,
            ["FINGERPRINT_SALT"] = "team-salt",
        };
        var run = ExternalProcess.Run("bash", [Script("run.sh")], tmp.Path, env, TimeSpan.FromMinutes(10));

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.Equal("0", GitHubOutputs.Read(Path.Combine(runner, "output"))["exit-code"]);
        // the password reached imagegate through its environment: masked in the log, printed nowhere else
        Assert.All((run.StandardOutput + run.StandardError).Split('\n').Where(l => l.Contains(registry.Password, StringComparison.Ordinal)),
            l => Assert.Equal("::add-mask::" + registry.Password, l.Trim()));
        var output = Path.Combine(runner, "temp", "imagegate", "output");
        var runJson = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "run.json")))!;
        var reference = (string)runJson["ociReference"]!;
        Assert.StartsWith($"{registry.Host}/egi/debian12@sha256:", reference, StringComparison.Ordinal);
        var imagePath = (string)runJson["images"]![0]!["path"]!;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(imagePath)));

        // the registry holds the image under its pre-endorsement tag only: every tag has a hyphen (atrope ignores them)
        var creds = $"{registry.Username}:{registry.Password}";
        var tags = ExternalProcess.Run("skopeo", ["list-tags", "--tls-verify=false", "--creds", creds, $"docker://{registry.Host}/egi/debian12"]);
        Assert.True(tags.ExitCode == 0, tags.StandardError);
        var listed = JsonNode.Parse(tags.StandardOutput)!["Tags"]!.AsArray().Select(t => (string)t!).ToList();
        Assert.Contains($"1.0.0-{sha256[..12]}", listed);
        Assert.All(listed, t => Assert.Contains('-', t));

        // the pull request was opened for the branch whose record holds the oci location
        Assert.Single(github.Requests, q => q.Method == "POST" && q.Path == "/repos/owner/list/pulls");
        var record = JsonNode.Parse(ToolWrapper.Git(list, "show", "endorse/debian12/1.0.0:images/debian12/1.0.0/record.json"))!;
        Assert.Equal(reference, (string)record["oci"]!["reference"]!);
        Assert.Equal($"sha256:{sha256}", (string)record["oci"]!["layerDigest"]!);

        // the list repository's side: merge, publish (key-signed), and a site syncs the image from the registry
        ToolWrapper.Merge(tmp, list, "endorse/debian12/1.0.0", 3);
        var published = tmp.Combine("published");
        var publish = ExternalProcess.Run(tool, ["publish", "--list-repo", list, "--output", published, "--key", tmp.Combine("endorser.key")],
            environment: ToolWrapper.GitEnv, timeout: TimeSpan.FromMinutes(2));
        Assert.True(publish.ExitCode == 0, publish.StandardOutput + publish.StandardError);
        var cache = tmp.Combine("cache");
        var sync = ExternalProcess.Run(tool, ["site", "sync", "--list", Path.Combine(published, "endorsed-images.json"), "--key", tmp.Combine("endorser.pub"),
                "--insecure-ignore-tlog", "--cache", cache],
            environment: new Dictionary<string, string> { ["IMAGEGATE_REGISTRY_USERNAME"] = registry.Username, ["IMAGEGATE_REGISTRY_PASSWORD"] = registry.Password },
            timeout: TimeSpan.FromMinutes(5));
        Assert.True(sync.ExitCode == 0, sync.StandardOutput + sync.StandardError);
        var cached = Directory.GetFiles(cache, "*", SearchOption.AllDirectories)
            .Where(f => new FileInfo(f).Length == new FileInfo(imagePath).Length).ToList();
        Assert.Contains(cached, f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))) == sha256);
        Assert.DoesNotContain(registry.Password, sync.StandardOutput + sync.StandardError, StringComparison.Ordinal);
    }
}
