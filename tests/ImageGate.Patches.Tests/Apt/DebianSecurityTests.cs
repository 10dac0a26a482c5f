using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ImageGate.Core.Errors;
using ImageGate.Patches.Tests.Support;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using ImageGate.Testing.Patches;

namespace ImageGate.Patches.Tests.Apt;

public partial class DebianSecurityTests(DebianFixture debian) : IClassFixture<DebianFixture>
{
    private const string SecurityRepo = "http://deb.debian.org/debian-security bookworm-security";
    private const string InReleasePath = "/debian-security/dists/bookworm-security/InRelease";
    private const string PackagesPath = "/debian-security/dists/bookworm-security/main/binary-amd64/Packages";

    [Fact]
    public async Task Missing_security_updates_of_the_fixture_root_equal_what_apt_get_upgrade_reports()
    {
        using var server = new RepositoryServer(debian.Snapshot.Root);
        using var image = new HostFileSystem(debian.Root);
        var result = await new PatchChecker().CheckAsync(image, debian.Installed, DebianFixture.Os, debian.Options(server),
            TestContext.Current.CancellationToken);

        var (aptSecurity, aptOther) = AptGetUpgrade();
        Assert.NotEmpty(aptSecurity); // the minbase root from the main suite really has pending security updates
        Assert.Equal(aptSecurity.OrderBy(x => x.Key).ToList(),
            result.MissingUpdates.Select(m => new KeyValuePair<string, string>(m.Package, m.FixedVersion)).OrderBy(x => x.Key).ToList());
        Assert.Equal(aptOther.OrderBy(x => x.Key).ToList(),
            result.OtherUpdates.Select(m => new KeyValuePair<string, string>(m.Package, m.FixedVersion)).OrderBy(x => x.Key).ToList());
        Assert.All(result.MissingUpdates, m =>
        {
            Assert.Equal(SecurityRepo, m.Repository);
            Assert.Equal(debian.Installed.Single(p => p.Name == m.Package).Version, m.InstalledVersion);
            Assert.Contains(result.Findings, f => f.RuleId == PatchRules.SecurityUpdateMissing && f.Package == m.Package && f.Severity == "high");
        });

        var security = Assert.Single(result.Repositories, r => r.Security);
        Assert.Equal(SecurityRepo, security.Repository);
        Assert.Equal("http://deb.debian.org/debian-security/dists/bookworm-security/InRelease", security.Url);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 53, 2, TimeSpan.Zero), security.Date);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 53, 2, TimeSpan.Zero), security.ValidUntil);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(debian.Snapshot.SecurityInRelease))), security.Digest);
        Assert.Equal("Debian-Security", security.Label);
        Assert.NotNull(security.SignedBy);
        Assert.StartsWith(server.BaseUrl, security.FetchedFrom);
        var updates = Assert.Single(result.Repositories, r => r.Repository == "http://deb.debian.org/debian bookworm-updates");
        Assert.False(updates.Security);
        // The main suite is not in the snapshot: reported, not silently ignored, and not an error.
        Assert.Contains(result.Findings, f => f.RuleId == PatchRules.RepositoryUnverified && f.Message.Contains("http://deb.debian.org/debian bookworm ", StringComparison.Ordinal));
        Assert.Equal(3, result.Sources.Count);
    }

    /// <summary>apt-get -s upgrade on the fixture's dpkg status against only the committed lists: (package, new version)
    /// split by whether the candidate comes from Debian-Security.</summary>
    private (List<KeyValuePair<string, string>> Security, List<KeyValuePair<string, string>> Other) AptGetUpgrade()
    {
        ExternalProcess.Require("apt-get");
        using var dir = new TempDirectory("imagegate-apt");
        var lists = dir.Combine("lists");
        foreach (var d in (string[])["lists/partial", "parts", "prefs", "confparts", "cache/archives/partial", "state"])
            Directory.CreateDirectory(dir.Combine(d));
        var s = debian.Snapshot.Root;
        File.Copy(debian.Snapshot.SecurityInRelease, Path.Combine(lists, "deb.debian.org_debian-security_dists_bookworm-security_InRelease"));
        File.Copy(debian.Snapshot.SecurityPackages, Path.Combine(lists, "deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages"));
        File.Copy(Path.Combine(s, "debian/dists/bookworm-updates/InRelease"), Path.Combine(lists, "deb.debian.org_debian_dists_bookworm-updates_InRelease"));
        File.Copy(debian.Snapshot.UpdatesPackages, Path.Combine(lists, "deb.debian.org_debian_dists_bookworm-updates_main_binary-amd64_Packages"));
        File.WriteAllText(dir.Combine("sources.list"), """
            deb http://deb.debian.org/debian-security bookworm-security main
            deb http://deb.debian.org/debian bookworm-updates main

            """);
        var conf = $"""
            Dir::State "{dir.Combine("state")}";
            Dir::State::status "{Path.Combine(debian.Root, "var/lib/dpkg/status")}";
            Dir::State::Lists "{lists}";
            Dir::Cache "{dir.Combine("cache")}";
            Dir::Etc::SourceList "{dir.Combine("sources.list")}";
            Dir::Etc::SourceParts "{dir.Combine("parts")}";
            Dir::Etc::Preferences "{dir.Combine("prefs", "none")}";
            Dir::Etc::PreferencesParts "{dir.Combine("prefs")}";
            Dir::Etc::Parts "{dir.Combine("confparts")}";
            APT::Architecture "amd64";
            APT::Architectures:: "amd64";
            Debug::NoLocking "true";

            """;
        File.WriteAllText(dir.Combine("apt.conf"), conf);
        var r = ExternalProcess.Run("apt-get", ["-s", "upgrade"], environment: new Dictionary<string, string> { ["APT_CONFIG"] = dir.Combine("apt.conf") });
        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.DoesNotContain("kept back", r.StandardOutput, StringComparison.Ordinal);
        var security = new List<KeyValuePair<string, string>>();
        var other = new List<KeyValuePair<string, string>>();
        foreach (Match m in InstLine().Matches(r.StandardOutput))
        {
            var pair = new KeyValuePair<string, string>(m.Groups[1].Value, m.Groups[2].Value);
            (m.Groups[3].Value.StartsWith("Debian-Security:", StringComparison.Ordinal) ? security : other).Add(pair);
        }
        return (security, other);
    }

    [GeneratedRegex(@"^Inst (\S+) \[[^\]]+\] \((\S+) (\S+)", RegexOptions.Multiline)]
    private static partial Regex InstLine();

    private async Task<PatchCheckResult> CheckSecurityOnly(PatchCheckOptions options, IReadOnlyList<TrustedKey>? keys = null)
    {
        using var image = new HostFileSystem(debian.Root);
        var sources = PatchChecker.ReadRepositories(image, debian.Installed, DebianFixture.Os)
            .Where(s => s.Suite == "bookworm-security")
            .Select(s => keys is null ? s : s with { Keys = keys })
            .ToList();
        Assert.Single(sources);
        return await new PatchChecker().CheckRecordedAsync(sources, debian.Installed, options with { IncludeNonSecurityRepositories = false },
            TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_tampered_InRelease_is_a_verification_error_naming_the_repository()
    {
        using var server = new RepositoryServer(debian.Snapshot.Root);
        var text = File.ReadAllText(debian.Snapshot.SecurityInRelease);
        var line = text.Split('\n').First(l => l.EndsWith(" main/binary-amd64/Packages", StringComparison.Ordinal));
        var forged = line.Replace(line.Trim()[..64], new string('0', 64), StringComparison.Ordinal);
        server.Overrides[InReleasePath] = Encoding.UTF8.GetBytes(text.Replace(line, forged, StringComparison.Ordinal));
        var e = await Assert.ThrowsAsync<VerificationException>(() => CheckSecurityOnly(debian.Options(server)));
        Assert.Equal("bad-signature", e.Reason);
        Assert.Contains(SecurityRepo, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_InRelease_signed_by_a_key_the_image_does_not_trust_is_a_verification_error()
    {
        using var server = new RepositoryServer(debian.Snapshot.Root);
        using var key = new TestGpgKey();
        var e = await Assert.ThrowsAsync<VerificationException>(() =>
            CheckSecurityOnly(debian.Options(server), [new TrustedKey("test.asc", Encoding.ASCII.GetBytes(key.PublicKeyArmored))]));
        Assert.Equal("untrusted-signature", e.Reason);
        Assert.Contains(SecurityRepo, e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_Valid_Until_is_a_verification_error()
    {
        using var server = new RepositoryServer(debian.Snapshot.Root);
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 28, 0, 53, 3, TimeSpan.Zero));
        var e = await Assert.ThrowsAsync<VerificationException>(() => CheckSecurityOnly(debian.Options(server, clock)));
        Assert.Equal("metadata-expired", e.Reason);
        Assert.Contains(SecurityRepo, e.Message, StringComparison.Ordinal);
        // One second before the deadline it is still valid.
        var ok = await CheckSecurityOnly(debian.Options(server, new FixedClock(new DateTimeOffset(2026, 11, 28, 0, 53, 1, TimeSpan.Zero))));
        Assert.NotEmpty(ok.MissingUpdates);
    }

    [Fact]
    public async Task A_Packages_file_whose_hash_does_not_match_the_Release_file_is_a_verification_error()
    {
        using var server = new RepositoryServer(debian.Snapshot.Root);
        var packages = File.ReadAllText(debian.Snapshot.SecurityPackages);
        // Same length, one version raised: the kind of change a malicious mirror would make.
        var i = packages.IndexOf("\nVersion: ", StringComparison.Ordinal) + 10;
        var tampered = packages[..i] + (packages[i] == '9' ? '8' : '9') + packages[(i + 1)..];
        server.Overrides[PackagesPath] = Encoding.UTF8.GetBytes(tampered);
        var e = await Assert.ThrowsAsync<VerificationException>(() => CheckSecurityOnly(debian.Options(server)));
        Assert.Equal("hash-mismatch", e.Reason);
        Assert.Contains(SecurityRepo, e.Message, StringComparison.Ordinal);
        Assert.Contains("main/binary-amd64/Packages", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unsigned_or_padded_InRelease_is_never_a_pass()
    {
        using var server = new RepositoryServer(debian.Snapshot.Root);
        var text = File.ReadAllText(debian.Snapshot.SecurityInRelease);
        var body = text[(text.IndexOf("\n\n", StringComparison.Ordinal) + 2)..text.IndexOf("-----BEGIN PGP SIGNATURE-----", StringComparison.Ordinal)];
        server.Overrides[InReleasePath] = Encoding.UTF8.GetBytes(body);
        var e = await Assert.ThrowsAsync<VerificationException>(() => CheckSecurityOnly(debian.Options(server)));
        Assert.Equal("not-signed", e.Reason);

        server.Overrides[InReleasePath] = Encoding.UTF8.GetBytes(text + "Origin: Evil\n");
        e = await Assert.ThrowsAsync<VerificationException>(() => CheckSecurityOnly(debian.Options(server)));
        Assert.Equal("unsigned-content", e.Reason);
    }

    [Fact]
    public async Task Another_suites_validly_signed_InRelease_is_refused()
    {
        using var server = new RepositoryServer(debian.Snapshot.Root);
        server.Overrides[InReleasePath] = File.ReadAllBytes(Path.Combine(debian.Snapshot.Root, "debian/dists/bookworm-updates/InRelease"));
        var e = await Assert.ThrowsAsync<VerificationException>(() => CheckSecurityOnly(debian.Options(server)));
        Assert.Equal("wrong-suite", e.Reason);
    }

    [Fact]
    public async Task Transient_server_errors_are_retried_and_downloads_are_cached_by_content_hash()
    {
        using var server = new RepositoryServer(debian.Snapshot.Root);
        using var cache = new TempDirectory("imagegate-cache");
        server.Failures[InReleasePath] = 2;
        var options = debian.Options(server) with { CacheDirectory = cache.Path };
        var first = await CheckSecurityOnly(options);
        Assert.Equal(3, server.Requests.Count(r => r == InReleasePath));
        Assert.Single(server.Requests, r => r == PackagesPath);
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(debian.Snapshot.SecurityPackages)));
        Assert.True(File.Exists(Path.Combine(cache.Path, "sha256", sha[..2], sha)));

        var second = await CheckSecurityOnly(options);
        Assert.Single(server.Requests, r => r == PackagesPath); // served from the cache the second time
        Assert.Equal(first.MissingUpdates, second.MissingUpdates);
    }

    [Fact]
    public async Task A_metadata_dir_gives_the_same_verdict_offline()
    {
        using var server = new RepositoryServer(debian.Snapshot.Root);
        var online = await CheckSecurityOnly(debian.Options(server));
        var offline = await CheckSecurityOnly(new PatchCheckOptions
        {
            MetadataDirectory = debian.Snapshot.Root,
            TimeProvider = new FixedClock(debian.Snapshot.Fetched),
        });
        Assert.NotEmpty(offline.MissingUpdates);
        Assert.Equal(online.MissingUpdates, offline.MissingUpdates);
        Assert.StartsWith("file://", offline.Repositories[0].FetchedFrom);
    }

    [Fact]
    public async Task No_patch_check_skips_with_a_visible_finding()
    {
        using var image = new HostFileSystem(debian.Root);
        var result = await new PatchChecker().CheckAsync(image, debian.Installed, DebianFixture.Os, new PatchCheckOptions { Skip = true },
            TestContext.Current.CancellationToken);
        Assert.True(result.Skipped);
        var f = Assert.Single(result.Findings);
        Assert.Equal(PatchRules.CheckSkipped, f.RuleId);
        Assert.Contains("NOT checked", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorded_repositories_round_trip_through_json_and_recheck_gives_the_same_verdict()
    {
        using var server = new RepositoryServer(debian.Snapshot.Root);
        using var image = new HostFileSystem(debian.Root);
        var sources = PatchChecker.ReadRepositories(image, debian.Installed, DebianFixture.Os);
        var json = System.Text.Json.JsonSerializer.Serialize(sources);
        Assert.DoesNotContain("BEGIN PGP PRIVATE", json, StringComparison.Ordinal);
        var recorded = System.Text.Json.JsonSerializer.Deserialize<List<RepositorySource>>(json)!;
        var fromImage = await new PatchChecker().CheckAsync(image, debian.Installed, DebianFixture.Os, debian.Options(server), TestContext.Current.CancellationToken);
        var rechecked = await new PatchChecker().CheckRecordedAsync(recorded, debian.Installed, debian.Options(server), TestContext.Current.CancellationToken);
        Assert.NotEmpty(rechecked.MissingUpdates);
        Assert.Equal(fromImage.MissingUpdates.Select(m => (m.Package, m.FixedVersion)), rechecked.MissingUpdates.Select(m => (m.Package, m.FixedVersion)));
    }

    [Fact]
    public async Task A_held_package_missing_a_security_update_is_reported_with_the_hold_also_by_recheck_from_a_recorded_inventory()
    {
        using var server = new RepositoryServer(debian.Snapshot.Root);
        using var image = new HostFileSystem(debian.Root);
        var installed = debian.Installed.Select(p => p.Name == "tzdata" ? p with { Held = true } : p).ToList();
        var sources = PatchChecker.ReadRepositories(image, installed, DebianFixture.Os);
        var recorded = System.Text.Json.JsonSerializer.Deserialize<List<Core.Packages.InstalledPackage>>(System.Text.Json.JsonSerializer.Serialize(installed))!;
        var result = await new PatchChecker().CheckRecordedAsync(sources, recorded, debian.Options(server), TestContext.Current.CancellationToken);

        var tzdata = Assert.Single(result.Findings, f => f.RuleId == PatchRules.SecurityUpdateMissing && f.Package == "tzdata");
        Assert.Contains("it is held (dpkg selection 'hold'", tzdata.Message, StringComparison.Ordinal);
        Assert.Contains("`apt-mark unhold tzdata`", tzdata.Message, StringComparison.Ordinal);
        Assert.All(result.Findings.Where(f => f.RuleId == PatchRules.SecurityUpdateMissing && f.Package != "tzdata"),
            f => Assert.DoesNotContain("held", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_oversized_InRelease_is_bad_input_within_the_size_limit()
    {
        using var server = new RepositoryServer(debian.Snapshot.Root);
        var e = await Assert.ThrowsAsync<BadInputException>(() => CheckSecurityOnly(debian.Options(server) with { MaxReleaseFileBytes = 4096 }));
        Assert.Contains(SecurityRepo, e.Message, StringComparison.Ordinal);
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }
}
