using ImageGate.Core.Errors;
using ImageGate.Patches.Tests.Support;
using ImageGate.Testing.Repositories;
using ImageGate.Testing.Patches;

namespace ImageGate.Patches.Tests.Yum;

public class ElSecurityTests(ElFixture el) : IClassFixture<ElFixture>
{
    private static PatchCheckOptions Options(RepositoryServer server) => new()
    {
        Mirrors = [new MirrorRewrite("http://repo.example.invalid", server.BaseUrl)],
        TimeProvider = new FixedClock(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero)),
    };

    private Task<PatchCheckResult> Check(string imageRoot, RepositoryServer server)
    {
        var image = new HostFileSystem(imageRoot);
        return new PatchChecker().CheckAsync(image, el.Installed, ElFixture.Os, Options(server), TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("xz")]
    [InlineData("gz")]
    public async Task Security_advisories_naming_an_older_installed_package_are_missing_updates(string variant)
    {
        using var server = new RepositoryServer(el.ServerRoot(variant));
        var result = await Check(el.ImageRoot, server);

        var missing = Assert.Single(result.MissingUpdates);
        Assert.Equal(("foo", "noarch", "1.0-1", "1.0-2", "test-baseos"),
            (missing.Package, missing.Arch, missing.InstalledVersion, missing.FixedVersion, missing.Repository));
        Assert.Equal(["TEST-2026:0001", "TEST-2026:0004"], missing.Advisories.Select(a => a.Id));
        Assert.Equal("Important", missing.Advisories[0].Severity);
        Assert.Equal(["CVE-2026-0001"], missing.Advisories[0].Cves);
        // qux is installed at epoch 1, above the advisory's 0:1.0: not missing. bar has only a bug fix: info.
        var other = Assert.Single(result.OtherUpdates);
        Assert.Equal(("bar", "2.1-1"), (other.Package, other.FixedVersion));
        var finding = Assert.Single(result.Findings, f => f.RuleId == PatchRules.SecurityUpdateMissing);
        Assert.Contains("TEST-2026:0001 Important", finding.Message, StringComparison.Ordinal);
        Assert.Contains(result.Findings, f => f.RuleId == PatchRules.UpdateAvailable && f.Package == "bar" && f.Severity == "info");

        var repo = Assert.Single(result.Repositories);
        Assert.Equal("http://repo.example.invalid/el/9/x86_64/repodata/repomd.xml", repo.Url); // $contentdir, $releasever, $basearch
        Assert.True(repo.Security);
        Assert.NotNull(repo.SignedBy);
        Assert.NotNull(repo.Date);
        Assert.Equal(2, repo.Indexes.Count);
        Assert.Single(result.Sources); // the disabled repository is not used
    }

    [Fact]
    public async Task A_repomd_signed_by_another_key_is_a_verification_error()
    {
        using var server = new RepositoryServer(el.ServerRoot("gz"));
        var e = await Assert.ThrowsAsync<VerificationException>(() => Check(el.WrongKeyImageRoot, server));
        Assert.Equal("untrusted-signature", e.Reason);
        Assert.Contains("test-baseos", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_repomd_is_a_verification_error()
    {
        using var server = new RepositoryServer(el.ServerRoot("gz"));
        var repomd = File.ReadAllText(Path.Combine(el.Repo("gz"), "repodata", "repomd.xml"));
        server.Overrides["/el/9/x86_64/repodata/repomd.xml"] = System.Text.Encoding.UTF8.GetBytes(repomd.Replace("<revision>", "<revision>1", StringComparison.Ordinal));
        var e = await Assert.ThrowsAsync<VerificationException>(() => Check(el.ImageRoot, server));
        Assert.Equal("bad-signature", e.Reason);
        Assert.Contains("test-baseos", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_updateinfo_whose_checksum_does_not_match_repomd_is_a_verification_error()
    {
        using var server = new RepositoryServer(el.ServerRoot("gz"));
        var updateinfo = Directory.GetFiles(Path.Combine(el.Repo("gz"), "repodata"), "*updateinfo*").Single();
        var bytes = File.ReadAllBytes(updateinfo);
        bytes[^5] ^= 0x55;
        server.Overrides["/el/9/x86_64/repodata/" + Path.GetFileName(updateinfo)] = bytes;
        var e = await Assert.ThrowsAsync<VerificationException>(() => Check(el.ImageRoot, server));
        Assert.Equal("hash-mismatch", e.Reason);
        Assert.Contains("test-baseos", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_repomd_signature_with_repo_gpgcheck_is_a_verification_error()
    {
        using var server = new RepositoryServer(el.ServerRoot("gz"));
        server.Overrides["/el/9/x86_64/repodata/repomd.xml.asc"] = [];
        var e = await Assert.ThrowsAsync<VerificationException>(() => Check(el.ImageRoot, server));
        Assert.Contains("test-baseos", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recorded_inventory_is_rechecked_without_the_image()
    {
        using var server = new RepositoryServer(el.ServerRoot("xz"));
        using var image = new HostFileSystem(el.ImageRoot);
        var sources = PatchChecker.ReadRepositories(image, el.Installed, ElFixture.Os);
        var result = await new PatchChecker().CheckRecordedAsync(sources, el.Installed, Options(server), TestContext.Current.CancellationToken);
        Assert.Equal("foo", Assert.Single(result.MissingUpdates).Package);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_mirrorlist_or_metalink_is_followed_when_there_is_no_baseurl(bool metalink)
    {
        using var server = new RepositoryServer(el.ServerRoot("gz"));
        var key = metalink ? "metalink" : "mirrorlist";
        var root = el.MakeImageRoot($"image-{key}", $"""
            [test-mirrored]
            name=Mirrored
            {key}=http://repo.example.invalid/{key}?repo=el-$releasever&arch=$basearch
            gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-test
            repo_gpgcheck=1

            """);
        server.Overrides[$"/{key}"] = System.Text.Encoding.UTF8.GetBytes(metalink
            ? """
              <?xml version="1.0" encoding="utf-8"?>
              <metalink version="3.0" xmlns="http://www.metalinker.org/"><files><file name="repomd.xml"><resources maxconnections="1">
              <url protocol="http" type="http" preference="100">http://unreachable.example.invalid/el/9/x86_64/repodata/repomd.xml</url>
              <url protocol="http" type="http" preference="90">http://repo.example.invalid/el/9/x86_64/repodata/repomd.xml</url>
              </resources></file></files></metalink>
              """
            : "# mirrors\nhttp://repo.example.invalid/el/9/x86_64/\n");
        var options = Options(server) with
        {
            Mirrors = [new MirrorRewrite("http://repo.example.invalid", server.BaseUrl), new MirrorRewrite("http://unreachable.example.invalid", "http://127.0.0.1:1")],
            MaxAttempts = 1,
        };
        using var image = new HostFileSystem(root);
        var result = await new PatchChecker().CheckAsync(image, el.Installed, ElFixture.Os, options, TestContext.Current.CancellationToken);
        Assert.Equal("foo", Assert.Single(result.MissingUpdates).Package);
        Assert.Equal("http://repo.example.invalid/el/9/x86_64/repodata/repomd.xml", Assert.Single(result.Repositories).Url);
    }

    [Fact]
    public async Task Credentials_in_a_repo_file_are_removed_from_every_url_and_a_repository_needing_them_is_never_fetched_unmirrored()
    {
        const string urlSecret = "Yum-Url-Secret-7Hq2";
        const string settingSecret = "Yum-Setting-Secret-4Kd9";
        using var server = new RepositoryServer(el.ServerRoot("xz"));
        var root = el.MakeImageRoot("image-credentials", $"""
            [test-baseos]
            name=Test
            baseurl=http://builder:{urlSecret}@repo.example.invalid/el/9/x86_64/
            username=builder
            password={settingSecret}
            gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-test
            repo_gpgcheck=1

            [private]
            name=Private
            metalink=https://builder:{urlSecret}@private.example.invalid/metalink?repo=x
            gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-test

            """);
        using var image = new HostFileSystem(root);
        var sources = PatchChecker.ReadRepositories(image, el.Installed, ElFixture.Os);
        Assert.All(sources, s => Assert.True(s.CredentialsRemoved));
        Assert.Equal(["http://repo.example.invalid/el/9/x86_64/"], sources[0].BaseUrls);
        Assert.Equal("https://private.example.invalid/metalink?repo=x", sources[1].MirrorList);

        var result = await new PatchChecker().CheckAsync(image, el.Installed, ElFixture.Os, Options(server), TestContext.Current.CancellationToken);
        // The first is read through the operator's mirror (no credentials needed there); the second is not fetched at all.
        Assert.Equal("foo", Assert.Single(result.MissingUpdates).Package);
        var refused = Assert.Single(result.Findings, f => f.RuleId == PatchRules.RepositoryRefused);
        Assert.Contains("repository private was not fetched", refused.Message, StringComparison.Ordinal);
        Assert.Contains("never sends an image's credentials", refused.Message, StringComparison.Ordinal);
        var json = System.Text.Json.JsonSerializer.Serialize(result);
        Assert.DoesNotContain(urlSecret, json, StringComparison.Ordinal);
        Assert.DoesNotContain(settingSecret, json, StringComparison.Ordinal);
        Assert.All(server.Requests, r => Assert.DoesNotContain("builder", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_baseurl_from_the_image_is_refused_and_the_host_folder_is_not_read_while_an_operators_file_mirror_is()
    {
        var root = el.MakeImageRoot("image-file-url", $"""
            [test-baseos]
            name=Test
            baseurl={new Uri(el.Repo("xz")).AbsoluteUri}/
            gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-test
            repo_gpgcheck=1

            """);
        using var image = new HostFileSystem(root);
        var result = await new PatchChecker().CheckAsync(image, el.Installed, ElFixture.Os,
            new PatchCheckOptions { TimeProvider = new FixedClock(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero)) }, TestContext.Current.CancellationToken);
        Assert.Empty(result.MissingUpdates);
        Assert.Empty(result.Repositories);
        var refused = Assert.Single(result.Findings, f => f.RuleId == PatchRules.RepositoryRefused);
        Assert.Contains("never reads the scanning host's files", refused.Message, StringComparison.Ordinal);
        Assert.Equal("/etc/yum.repos.d/test.repo", refused.Path);
        Assert.Contains(result.Findings, f => f.RuleId == PatchRules.NoSecurityRepository);

        // The operator's own --mirror may be a file: URL: it still serves the image's repository.
        using var official = new HostFileSystem(el.ImageRoot);
        var options = new PatchCheckOptions
        {
            Mirrors = [MirrorRewrite.Parse($"http://repo.example.invalid={new Uri(el.ServerRoot("xz")).AbsoluteUri}")],
            TimeProvider = new FixedClock(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero)),
        };
        var mirrored = await new PatchChecker().CheckAsync(official, el.Installed, ElFixture.Os, options, TestContext.Current.CancellationToken);
        Assert.Equal("foo", Assert.Single(mirrored.MissingUpdates).Package);
        Assert.DoesNotContain(mirrored.Findings, f => f.RuleId == PatchRules.RepositoryRefused);
    }
}
