using System.Text.Json;
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

namespace ImageGate.Endorsement.Tests.Rechecking;

/// <summary>Recheck of an EL image: the recorded rpm inventory and .repo (real RPMs, rpmdb, createrepo_c repository
/// with updateinfo, signed repomd: the Patches tests' ElFixture) against the repository served on 127.0.0.1; the
/// revocation pull request names the advisory id, its severity and CVE, the package and the fixed version.</summary>
public sealed class ElRecheckTests
{
    [Fact]
    public async Task The_revocation_pull_request_names_the_advisory_the_package_and_the_fixed_version()
    {
        var ct = TestContext.Current.CancellationToken;
        using var el = new ElFixture();
        using var server = new RepositoryServer(el.ServerRoot("xz"));
        using var temp = new TempDirectory();
        using var gh = new StubGitHub();
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));
        gh.Server.Given(Request.Create().WithPath("/repos/owner/list/pulls").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new
            {
                id = 1009, number = 9, state = "open", title = "Revoke alma9 1", body = "", html_url = "https://github.com/owner/list/pull/9",
                head = new { @ref = "revoke/alma9/1", label = "owner:revoke/alma9/1" }, @base = new { @ref = "main" }, labels = Array.Empty<object>(),
            })));
        gh.Server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(@"^/repos/owner/list/issues/\d+/labels$")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("[]"));

        // The list: alma9@1 endorsed with the inventory endorse records (packages + the image's .repo with its key).
        var origin = TestInputs.CreateOrigin(temp);
        var work = temp.Combine("work");
        TestInputs.Git(temp.Path, "clone", "-q", origin, work);
        var folder = Path.Combine(work, "images", "alma9", "1");
        Directory.CreateDirectory(folder);
        using (var image = new HostFileSystem(el.ImageRoot))
        {
            var inventory = new InventoryRecord
            {
                Os = new ImageGate.Lists.OperatingSystem("almalinux", "9.4", "AlmaLinux 9.4 (Seafoam Ocelot)"),
                Packages = el.Installed,
                Repositories = PatchChecker.ReadRepositories(image, el.Installed, ElFixture.Os),
            };
            File.WriteAllBytes(Path.Combine(folder, ListFormat.InventoryFile), inventory.ToJson());
        }
        var sha256 = new string('a', 64);
        File.WriteAllBytes(Path.Combine(folder, ListFormat.RecordFile), ListJson.Serialize(new ImageRecord
        {
            Identifier = StableIdentifier.ForName("alma9"), Name = "alma9", Version = "1",
            Os = new ImageGate.Lists.OperatingSystem("almalinux", "9.4", null), Arch = "x86_64", Format = "qcow2", Size = 1, Sha256 = sha256, Sha512 = new string('b', 128),
            Created = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), BuiltBy = new BuildProvenance("test", null, null), ScanPassed = true,
            Hepix = new HepixHints("QEMU,KVM", null, null),
        }));
        TestInputs.Git(work, "add", "-A");
        TestInputs.Git(work, "commit", "-q", "-m", "Endorse alma9 1");
        TestInputs.Git(work, "push", "-q", "origin", "main");

        var result = await new Rechecker(TestInputs.GitClient, gh.Host()).RecheckAsync(new RecheckRequest
        {
            Repository = new ListRepository(origin),
            PatchOptions = new PatchCheckOptions
            {
                Mirrors = [new MirrorRewrite("http://repo.example.invalid", server.BaseUrl)],
                TimeProvider = new FixedClock(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero)),
            },
            RevokedBy = "nightly recheck",
        }, ct);

        var outcome = Assert.Single(result.Images);
        Assert.Equal(RecheckStatus.MissingUpdates, outcome.Status);
        var missing = Assert.Single(outcome.MissingUpdates);
        Assert.Equal("foo", missing.Package);
        Assert.Contains("TEST-2026:0001", outcome.Reason);
        Assert.Equal(9, outcome.Revocation!.PullRequest!.Number);
        var create = Assert.Single(gh.Requests, x => x.Method == "POST" && x.Path == "/repos/owner/list/pulls");
        var body = JsonDocument.Parse(create.Body!).RootElement.GetProperty("body").GetString()!;
        foreach (var expected in new[] { "TEST-2026:0001 Important", "CVE-2026-0001", "`foo`", missing.InstalledVersion, missing.FixedVersion, "nightly recheck", sha256 })
            Assert.Contains(expected, body);
        var revocation = ListJson.Deserialize<RevocationRecord>(
            System.Text.Encoding.UTF8.GetBytes(TestInputs.Git(origin, "show", "revoke/alma9/1:images/alma9/1/revocation.json")), "revocation.json");
        Assert.Equal(sha256, revocation.Sha256);
        Assert.Equal(outcome.Reason, revocation.Reason);
        Assert.Equal("nightly recheck", revocation.RevokedBy);
    }
}
