using System.Text.Json;
using System.Text.Json.Nodes;
using ImageGate.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using ImageGate.Testing.GitHub;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Cli.Tests.Commands.Endorsement;

/// <summary><c>imagegate publish --github-release</c>: the previous version comes only from a list that verifies
/// against the publisher's own key; a planted or inflated asset can neither raise the version nor be signed after.</summary>
public sealed class PublishPreviousVersionTests
{
    private const long Inflated = long.MaxValue - 1; // 2^63 - 2

    private static string Key(TempDirectory temp, string name)
    {
        var key = temp.Combine(name);
        Assert.Equal(0, ExternalProcess.Run("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key]).ExitCode);
        return key;
    }

    /// <summary>A well-formed list with version 2^63-2 and its bundle, signed with <paramref name="key"/> by the real <c>sign</c> verb.</summary>
    private static async Task<(byte[] List, byte[] Bundle)> InflatedListAsync(TempDirectory temp, string origin, string key, string name)
    {
        var output = temp.Combine(name);
        var first = await CliRunner.RunAsync(["publish", "--list-repo", origin, "--output", output, "--key", key]);
        Assert.True(first.ExitCode == 0, first.StandardError);
        var list = Path.Combine(output, "endorsed-images.json");
        var node = JsonNode.Parse(File.ReadAllBytes(list))!;
        node["version"] = Inflated;
        File.WriteAllText(list, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        var bundle = list + ".sigstore.json";
        var sign = await CliRunner.RunAsync(["sign", list, "--key", key, "--bundle", bundle]);
        Assert.True(sign.ExitCode == 0, sign.StandardError);
        return (File.ReadAllBytes(list), File.ReadAllBytes(bundle));
    }

    private static void StubRelease(StubGitHub gh, byte[] list, byte[] bundle)
    {
        var release = JsonSerializer.Serialize(new
        {
            id = 9, tag_name = "list", name = "Endorsed images", html_url = "https://github.com/owner/list/releases/tag/list",
            upload_url = $"{gh.Url}/uploads/repos/owner/list/releases/9/assets{{?name,label}}",
            assets = new[] { (Id: 77, Name: "endorsed-images.json"), (Id: 78, Name: "endorsed-images.json.sigstore.json") }.Select(a => new
            {
                id = a.Id, name = a.Name, url = $"{gh.Url}/repos/owner/list/releases/assets/{a.Id}",
                browser_download_url = $"https://github.com/owner/list/releases/download/list/{a.Name}",
            }),
        });
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/releases/tags/list").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(release));
        foreach (var (id, bytes) in new[] { (77, list), (78, bundle) })
            gh.Server.Given(Request.Create().WithPath($"/repos/owner/list/releases/assets/{id}").UsingGet())
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/octet-stream").WithBody(bytes));
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/releases/9").UsingPatch())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(release));
        gh.Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/repos/owner/list/releases/assets/\d+$")).UsingDelete())
            .RespondWith(Response.Create().WithStatusCode(204));
        gh.Server.Given(Request.Create().WithPath("/uploads/repos/owner/list/releases/9/assets").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id": 500, "name": "x", "browser_download_url": "https://github.com/owner/list/releases/download/list/x"}"""));
    }

    private static string[] Publish(string origin, string output, string key, StubGitHub gh) =>
        ["publish", "--list-repo", origin, "--output", output, "--key", key, "--github-release", "list",
            "--github-repository", "owner/list", "--github-api-url", gh.Url + "/", "--json"];

    [Fact]
    public async Task A_release_asset_signed_by_the_publisher_with_version_2_pow_63_minus_2_makes_publish_refuse_and_sign_nothing()
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        using var gh = new StubGitHub();
        var origin = TestInputs.CreateOrigin(temp);
        var key = Key(temp, "list.key");
        var (list, bundle) = await InflatedListAsync(temp, origin, key, "inflated");
        StubRelease(gh, list, bundle);
        var output = temp.Combine("out");

        var r = await CliRunner.RunAsync(Publish(origin, output, key, gh), new Dictionary<string, string> { ["GITHUB_TOKEN"] = StubGitHub.Token });

        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"version {Inflated}", r.StandardError);
        Assert.Contains("more than 365 days ahead", r.StandardError);
        Assert.DoesNotContain("   at ", r.StandardError);
        Assert.False(File.Exists(Path.Combine(output, "endorsed-images.json")));
        Assert.DoesNotContain(gh.Requests, q => q.Method is "POST" or "PATCH" or "DELETE");
    }

    [Fact]
    public async Task An_inflated_release_asset_signed_by_another_key_is_ignored_with_a_warning_and_cannot_raise_the_version()
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        using var gh = new StubGitHub();
        var origin = TestInputs.CreateOrigin(temp);
        var key = Key(temp, "list.key");
        var (list, bundle) = await InflatedListAsync(temp, origin, Key(temp, "attacker.key"), "forged");
        StubRelease(gh, list, bundle);
        var output = temp.Combine("out");

        var r = await CliRunner.RunAsync(Publish(origin, output, key, gh), new Dictionary<string, string> { ["GITHUB_TOKEN"] = StubGitHub.Token });

        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.Contains("release list/endorsed-images.json: ignored as the previous list", r.StandardError);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using (var doc = JsonDocument.Parse(r.StandardOutput))
            Assert.InRange(doc.RootElement.GetProperty("version").GetInt64(), now - 60, now + 5);
        Assert.Contains(gh.Requests, q => q.Method == "POST" && q.Path.StartsWith("/uploads/", StringComparison.Ordinal));

        // An unsigned edit of the publisher's own list in the output folder is not trusted either.
        var local = Path.Combine(output, "endorsed-images.json");
        var node = JsonNode.Parse(File.ReadAllBytes(local))!;
        node["version"] = Inflated;
        File.WriteAllText(local, node.ToJsonString());
        var again = await CliRunner.RunAsync(["publish", "--list-repo", origin, "--output", output, "--key", key, "--json"]);
        Assert.True(again.ExitCode == 0, again.StandardError);
        Assert.Contains("ignored as the previous list: it does not verify", again.StandardError);
        using (var doc = JsonDocument.Parse(again.StandardOutput))
            Assert.InRange(doc.RootElement.GetProperty("version").GetInt64(), now - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);

        // The publisher's own list a month ahead (a clock that ran fast), signed with its key, still counts.
        var later = DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds();
        node = JsonNode.Parse(File.ReadAllBytes(local))!;
        node["version"] = later;
        File.WriteAllText(local, node.ToJsonString());
        Assert.True((await CliRunner.RunAsync(["sign", local, "--key", key, "--bundle", local + ".sigstore.json"])).ExitCode == 0);
        var own = await CliRunner.RunAsync(["publish", "--list-repo", origin, "--output", output, "--key", key, "--json"]);
        Assert.True(own.ExitCode == 0, own.StandardError);
        Assert.DoesNotContain("ignored", own.StandardError);
        using (var doc = JsonDocument.Parse(own.StandardOutput))
            Assert.Equal(later + 1, doc.RootElement.GetProperty("version").GetInt64());
    }
}
