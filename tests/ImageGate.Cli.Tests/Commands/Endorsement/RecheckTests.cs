using System.Text.Json;
using ImageGate.Endorsement.Format;
using ImageGate.Testing;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using ImageGate.Testing.GitHub;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Cli.Tests.Commands.Endorsement;

public sealed class RecheckTests(RecheckListFixture list) : IClassFixture<RecheckListFixture>
{
    [Fact]
    public void Endorse_records_the_inventory_and_the_repositories_with_their_keys()
    {
        var work = list.Clone("inspect");
        var path = Path.Combine(work, "images", "stale", "1", ListFormat.InventoryFile);
        var inventory = InventoryRecord.Parse(File.ReadAllBytes(path), path);
        Assert.Equal("debian", inventory.Os.Id);
        Assert.True(inventory.Packages.Count > 50, $"{inventory.Packages.Count} packages");
        Assert.Contains(inventory.Packages, p => p.Name == "libc6");
        var security = Assert.Single(inventory.Repositories, r => r.Suite == "bookworm-security");
        Assert.Equal("http://deb.debian.org/debian-security", Assert.Single(security.BaseUrls).TrimEnd('/'));
        Assert.NotEmpty(security.Keys);
        Assert.Contains("\"kind\": \"deb\"", File.ReadAllText(path), StringComparison.Ordinal);
        // legacy@1's image has no readable package database: endorsed all the same, without an inventory.
        Assert.False(File.Exists(Path.Combine(work, "images", "legacy", "1", ListFormat.InventoryFile)));
        Assert.True(File.Exists(Path.Combine(work, "images", "legacy", "1", ListFormat.RecordFile)));
    }

    [Fact]
    public async Task Local_mode_reports_the_missing_updates_the_current_image_the_one_without_inventory_and_skips_the_revoked_one()
    {
        var r = await list.RecheckAsync(list.Origin, "--json");

        Assert.True(r.ExitCode == 1, r.StandardOutput + r.StandardError);
        using var doc = JsonDocument.Parse(r.StandardOutput);
        var images = doc.RootElement.GetProperty("images").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        Assert.Equal(["fresh", "legacy", "stale"], images.Keys.Order());
        Assert.Equal("current", images["fresh"].GetProperty("status").GetString());
        Assert.Equal("no-inventory", images["legacy"].GetProperty("status").GetString());
        Assert.Contains("cannot recheck: no inventory recorded", images["legacy"].GetProperty("message").GetString());
        var stale = images["stale"];
        Assert.Equal("missing-updates", stale.GetProperty("status").GetString());
        Assert.Equal(list.StaleMissing.Select(m => (m.Package, m.FixedVersion)),
            stale.GetProperty("missing").EnumerateArray().Select(m => (m.GetProperty("package").GetString()!, m.GetProperty("fixedVersion").GetString()!)));
        var revocation = stale.GetProperty("revocation");
        Assert.False(revocation.GetProperty("proposed").GetBoolean());
        Assert.Contains(list.StaleMissing[0].Package, revocation.GetProperty("reason").GetString());
        Assert.Contains(stale.GetProperty("metadata").EnumerateArray(), m => m.GetProperty("security").GetBoolean() && m.GetProperty("repository").GetString()!.Contains("bookworm-security"));
        Assert.Equal(["gone@1: revoked"], doc.RootElement.GetProperty("skipped").EnumerateArray().Select(s => s.GetString()));
        // local mode proposes nothing: no revocation branch in the list repository
        Assert.Equal("", TestInputs.Git(list.Origin, "for-each-ref", "refs/heads/revoke/stale"));

        var text = await list.RecheckAsync(list.Origin);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("legacy@1: cannot recheck: no inventory recorded", text.StandardOutput);
        Assert.Contains("fresh@1: current", text.StandardOutput);
        Assert.Contains($"{list.StaleMissing[0].Package} ({list.StaleMissing[0].Arch}) {list.StaleMissing[0].InstalledVersion} -> {list.StaleMissing[0].FixedVersion}", text.StandardOutput);
        Assert.Contains("imagegate revoke stale@1 --reason", text.StandardOutput);
        Assert.Contains("gone@1: revoked (not checked)", text.StandardOutput);
    }

    [Fact]
    public async Task Images_sharing_a_repository_have_each_metadata_file_fetched_once_per_run()
    {
        var before = list.Requests.Count;

        var r = await list.RecheckAsync(list.Origin, "--json");

        Assert.True(r.ExitCode == 1, r.StandardOutput + r.StandardError);
        var requests = list.Requests.Skip(before).ToList();
        // stale@1 and fresh@1 recorded the same repositories: their signed release files and indexes are asked for once.
        Assert.Contains("/debian-security/dists/bookworm-security/InRelease", requests);
        Assert.Contains(requests, p => p.StartsWith("/debian-security/dists/bookworm-security/main/binary-amd64/Packages", StringComparison.Ordinal));
        var repeated = requests.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(repeated.Count == 0, "asked for more than once: " + string.Join(", ", repeated));
    }

    [Fact]
    public async Task GitHub_mode_opens_a_revocation_pull_request_naming_the_missing_updates()
    {
        using var gh = new StubGitHub();
        StubPullRequests(gh);
        var origin = list.CopyOrigin();

        var r = await CliRunner.RunAsync(["recheck", "--list-repo", origin, "--mirror", list.MirrorArgument, "--github-repository", "owner/list",
            "--github-api-url", gh.Url + "/"], new Dictionary<string, string>(TestInputs.GitEnv) { ["GITHUB_TOKEN"] = StubGitHub.Token }, time: list.Clock);

        Assert.True(r.ExitCode == 1, r.StandardOutput + r.StandardError);
        Assert.Contains("revocation pull request #77 opened", r.StandardOutput);
        Assert.DoesNotContain(StubGitHub.Token, r.StandardOutput + r.StandardError);
        var create = Assert.Single(gh.Requests, x => x.Method == "POST" && x.Path == "/repos/owner/list/pulls");
        var pr = JsonDocument.Parse(create.Body!).RootElement;
        Assert.Equal("revoke/stale/1", pr.GetProperty("head").GetString());
        Assert.Equal("Revoke stale 1", pr.GetProperty("title").GetString());
        var body = pr.GetProperty("body").GetString()!;
        foreach (var m in list.StaleMissing)
        {
            Assert.Contains(m.Package, body);
            Assert.Contains(m.FixedVersion, body);
        }
        Assert.Contains("bookworm-security", body);
        var labels = gh.Requests.Single(x => x.Method == "POST" && x.Path.EndsWith("/labels", StringComparison.Ordinal));
        Assert.Contains("recheck", labels.Body!);
        // the revocation record is on the branch, with the reason naming the packages
        var revocation = TestInputs.Git(origin, "show", "revoke/stale/1:images/stale/1/revocation.json");
        Assert.Contains(list.StaleMissing[0].Package, revocation);
        Assert.Contains(list.FixtureSha256, revocation);
        // nothing proposed for the current image, the one without inventory, or the revoked one
        Assert.Equal(["refs/heads/revoke/gone/1", "refs/heads/revoke/stale/1"],
            TestInputs.Git(origin, "for-each-ref", "--format=%(refname)", "refs/heads/revoke").Split('\n').Order());
        Assert.Single(gh.Requests, x => x.Method == "POST" && x.Path == "/repos/owner/list/pulls");
    }

    [Fact]
    public async Task A_list_whose_images_are_all_current_exits_0_and_proposes_nothing()
    {
        using var gh = new StubGitHub();
        StubPullRequests(gh);
        var origin = list.CopyOrigin();
        var work = list.Clone("current-only", origin);
        TestInputs.Git(work, "rm", "-q", "-r", "images/stale", "images/legacy");
        TestInputs.Git(work, "commit", "-q", "-m", "only current images");
        TestInputs.Git(work, "push", "-q", "origin", "main");

        var r = await CliRunner.RunAsync(["recheck", "--list-repo", origin, "--mirror", list.MirrorArgument, "--github-repository", "owner/list",
            "--github-api-url", gh.Url + "/", "--json"], new Dictionary<string, string>(TestInputs.GitEnv) { ["GITHUB_TOKEN"] = StubGitHub.Token }, time: list.Clock);

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        using var doc = JsonDocument.Parse(r.StandardOutput);
        Assert.Equal(1, doc.RootElement.GetProperty("current").GetInt32());
        Assert.Equal(0, doc.RootElement.GetProperty("missingUpdates").GetInt32());
        Assert.Empty(gh.Requests);
        Assert.Equal("", TestInputs.Git(origin, "for-each-ref", "refs/heads/revoke/fresh"));
    }

    [Fact]
    public async Task Unreachable_metadata_is_reported_per_image_and_exits_3()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var origin = list.CopyOrigin();
        var work = list.Clone("current-only", origin);
        TestInputs.Git(work, "rm", "-q", "-r", "images/stale");
        TestInputs.Git(work, "commit", "-q", "-m", "no stale image");
        TestInputs.Git(work, "push", "-q", "origin", "main");

        var r = await CliRunner.RunAsync(["recheck", "--list-repo", origin, "--mirror", $"http://deb.debian.org=http://127.0.0.1:{port}", "--json"],
            TestInputs.GitEnv, time: list.Clock);

        Assert.True(r.ExitCode == 3, r.StandardOutput + r.StandardError);
        using var doc = JsonDocument.Parse(r.StandardOutput);
        var images = doc.RootElement.GetProperty("images").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        Assert.Equal("failed", images["fresh"].GetProperty("status").GetString());
        Assert.Contains("bookworm-security", images["fresh"].GetProperty("message").GetString());
        Assert.Equal("no-inventory", images["legacy"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Bad_input_exits_2()
    {
        var missing = await CliRunner.RunAsync(["recheck", "--list-repo", list.Temp.Combine("nope")]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.StandardError);
        var token = await CliRunner.RunAsync(["recheck", "--list-repo", list.Origin, "--github-repository", "owner/list"]);
        Assert.Equal(2, token.ExitCode);
        Assert.Contains("GITHUB_TOKEN", token.StandardError);
        var mirror = await CliRunner.RunAsync(["recheck", "--list-repo", list.Origin, "--mirror", "no-equals-sign"]);
        Assert.Equal(2, mirror.ExitCode);
    }

    private static void StubPullRequests(StubGitHub gh)
    {
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new
            {
                id = 1077, number = 77, state = "open", title = "Revoke stale 1", body = "", html_url = "https://github.com/owner/list/pull/77",
                head = new { @ref = "revoke/stale/1", label = "owner:revoke/stale/1" }, @base = new { @ref = "main" }, labels = Array.Empty<object>(),
            })));
        gh.Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/repos/owner/list/issues/\d+/labels$")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));
    }
}
