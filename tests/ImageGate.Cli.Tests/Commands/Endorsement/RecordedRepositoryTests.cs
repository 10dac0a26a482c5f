using System.Text;
using System.Text.Json;
using ImageGate.Core.Packages;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Rechecking;
using ImageGate.Lists;
using ImageGate.Patches;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using ImageGate.Testing.Patches;
using ImageGate.Testing.GitHub;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Cli.Tests.Commands.Endorsement;

/// <summary>The repositories a recorded inventory names are data from the image: their credentials are neither stored
/// (endorse records them without) nor shown or sent by <c>recheck</c> (an inventory recorded before they were removed
/// still holds them), and a <c>file:</c> URL in them never makes the rechecker read the host's files.</summary>
public sealed class RecordedRepositoryTests
{
    private const string Password = "Recorded-Repo-Pw-5Gk8";

    [Fact]
    public async Task Recheck_never_shows_or_sends_recorded_credentials_and_refuses_a_recorded_file_url()
    {
        using var el = new ElFixture();
        using var server = new RepositoryServer(el.ServerRoot("xz"));
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var work = temp.Combine("work");
        TestInputs.Git(temp.Path, "clone", "-q", origin, work);

        // What endorse records today from an image whose .repo holds credentials: none of them.
        var credentialed = el.MakeImageRoot("image-credentials", $"""
            [test-baseos]
            name=Test
            baseurl=http://builder:{Password}@repo.example.invalid/el/9/x86_64/
            mirrorlist=https://builder:{Password}@mirrors.example.invalid/list?repo=el9
            gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-test
            repo_gpgcheck=1

            """);
        using (var image = new HostFileSystem(credentialed))
        {
            var recorded = Record(work, "today", 'a', el.Installed, PatchChecker.ReadRepositories(image, el.Installed, ElFixture.Os));
            Assert.DoesNotContain(Password, recorded, StringComparison.Ordinal);
            Assert.Contains("\"credentialsRemoved\": true", recorded, StringComparison.Ordinal);
        }
        // Inventories recorded before: the credentials in the URLs, and a file: URL naming a folder of this host.
        RepositorySource clean;
        using (var image = new HostFileSystem(el.ImageRoot)) clean = PatchChecker.ReadRepositories(image, el.Installed, ElFixture.Os)[0];
        Record(work, "older", 'b', el.Installed, [clean with
        {
            BaseUrls = [$"http://builder:{Password}@repo.example.invalid/el/9/x86_64/"],
            MirrorList = $"https://builder:{Password}@mirrors.example.invalid/list?repo=el9",
        }]);
        Record(work, "hostfile", 'c', el.Installed, [clean with { BaseUrls = [new Uri(el.Repo("xz")).AbsoluteUri] }]);
        TestInputs.Git(work, "add", "-A");
        TestInputs.Git(work, "commit", "-q", "-m", "Endorse three images");
        TestInputs.Git(work, "push", "-q", "origin", "main");

        var clock = new FixedClock(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero));
        string[] args = ["recheck", "--list-repo", origin, "--mirror", $"http://repo.example.invalid={server.BaseUrl}"];
        var json = await CliRunner.RunAsync([.. args, "--json"], TestInputs.GitEnv, time: clock);
        var text = await CliRunner.RunAsync(args, TestInputs.GitEnv, time: clock);

        using var doc = JsonDocument.Parse(json.StandardOutput);
        var images = doc.RootElement.GetProperty("images").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!);
        // Both credentialed inventories are checked through the operator's mirror: foo misses its security update.
        Assert.Equal("missing-updates", images["today"].GetProperty("status").GetString());
        Assert.Equal("missing-updates", images["older"].GetProperty("status").GetString());
        // The host folder is never read: the image is not reported as missing updates (nor as current).
        var hostfile = images["hostfile"];
        Assert.Equal("failed", hostfile.GetProperty("status").GetString());
        Assert.Contains("never reads the scanning host's files", hostfile.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(hostfile.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == PatchRules.RepositoryRefused);

        foreach (var (name, output) in new[] { ("json", json.StandardOutput), ("json stderr", json.StandardError), ("text", text.StandardOutput), ("text stderr", text.StandardError) })
        {
            Assert.False(output.Contains(Password, StringComparison.Ordinal), $"the recorded password appears in recheck {name}");
            Assert.False(output.Contains(Convert.ToBase64String(Encoding.UTF8.GetBytes("builder:" + Password)), StringComparison.Ordinal), $"the recorded password appears base64-encoded in recheck {name}");
        }
        Assert.Contains("hostfile@1", text.StandardOutput, StringComparison.Ordinal);

        // GitHub mode: the revocation pull requests (bodies with the repository metadata used) hold no credential either.
        using var gh = new StubGitHub();
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new
            {
                id = 1009, number = 9, state = "open", title = "Revoke", body = "", html_url = "https://github.com/owner/list/pull/9",
                head = new { @ref = "revoke/older/1", label = "owner:revoke/older/1" }, @base = new { @ref = "main" }, labels = Array.Empty<object>(),
            })));
        gh.Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/repos/owner/list/issues/\d+/labels$")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));
        var result = await new Rechecker(TestInputs.GitClient, gh.Host()).RecheckAsync(new RecheckRequest
        {
            Repository = new ListRepository(origin),
            PatchOptions = new PatchCheckOptions { Mirrors = [new MirrorRewrite("http://repo.example.invalid", server.BaseUrl)], TimeProvider = clock },
            RevokedBy = "nightly recheck",
        }, TestContext.Current.CancellationToken);
        Assert.Equal(2, result.Images.Count(i => i.Revocation?.PullRequest is not null));
        var posts = gh.Requests.Where(x => x.Method == "POST").ToList();
        Assert.Contains(posts, x => x.Path == "/repos/owner/list/pulls" && x.Body!.Contains("repo.example.invalid", StringComparison.Ordinal));
        Assert.All(posts, x => Assert.DoesNotContain(Password, x.Body ?? "", StringComparison.Ordinal));
        var branches = TestInputs.Git(origin, "for-each-ref", "--format=%(refname)", "refs/heads/revoke");
        foreach (var branch in branches.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Assert.DoesNotContain(Password, TestInputs.Git(origin, "log", "-p", "--format=%B", "main.." + branch), StringComparison.Ordinal);
        Assert.All(server.Requests, r => Assert.DoesNotContain("builder", r, StringComparison.Ordinal));
    }

    /// <summary>Writes images/NAME/1 (record and inventory) into the work tree; returns the inventory's text.</summary>
    private static string Record(string work, string name, char digit, IReadOnlyList<InstalledPackage> installed, IReadOnlyList<RepositorySource> repositories)
    {
        var folder = Path.Combine(work, "images", name, "1");
        Directory.CreateDirectory(folder);
        var inventory = new InventoryRecord
        {
            Os = new ImageGate.Lists.OperatingSystem("almalinux", "9.4", "AlmaLinux 9.4 (Seafoam Ocelot)"),
            Packages = installed,
            Repositories = repositories,
        }.ToJson();
        File.WriteAllBytes(Path.Combine(folder, ListFormat.InventoryFile), inventory);
        File.WriteAllBytes(Path.Combine(folder, ListFormat.RecordFile), ListJson.Serialize(new ImageRecord
        {
            Identifier = StableIdentifier.ForName(name), Name = name, Version = "1",
            Os = new ImageGate.Lists.OperatingSystem("almalinux", "9.4", null), Arch = "x86_64", Format = "qcow2", Size = 1,
            Sha256 = new string(digit, 64), Sha512 = new string(digit, 128),
            Created = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), BuiltBy = new BuildProvenance("test", null, null), ScanPassed = true,
            Hepix = new HepixHints("QEMU,KVM", null, null),
        }));
        return Encoding.UTF8.GetString(inventory);
    }
}
