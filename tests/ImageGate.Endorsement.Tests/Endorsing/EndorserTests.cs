using ImageGate.Core.Errors;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Lists;
using ImageGate.Testing;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Endorsement.Tests.Endorsing;

public sealed class EndorserTests
{
    private static EndorseRequest Request(TestInputs.ImageSet set, string origin, string name = "debian12", string version = "2026.11.1") => new()
    {
        ImagePath = set.Image,
        Name = name,
        Version = version,
        ReportPath = set.Report,
        BundlePath = set.Bundle,
        SbomPath = set.Sbom,
        Uri = $"https://example.org/{name}-{version}.qcow2",
        BuiltBy = new BuildProvenance(TestInputs.WorkflowIdentity, "0123456789abcdef0123456789abcdef01234567", null),
        Repository = new ListRepository(origin),
    };

    [Fact]
    public async Task Endorsing_locally_pushes_a_branch_with_the_record_report_sbom_bundle_and_trailers()
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var set = TestInputs.CreateImage(temp, "debian12", keyless: true);

        var result = await new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(set, origin), TestContext.Current.CancellationToken);

        Assert.Equal(ProposalStatus.Proposed, result.Status);
        Assert.Equal("endorse/debian12/2026.11.1", result.Branch);
        Assert.Null(result.PullRequest);
        var files = TestInputs.Git(origin, "ls-tree", "-r", "--name-only", result.Branch).Split('\n');
        foreach (var f in new[] { "record.json", "scan-report.json", "sbom.json", "image.sigstore.json" })
            Assert.Contains($"images/debian12/2026.11.1/{f}", files);
        var message = TestInputs.Git(origin, "log", "-1", "--format=%B", result.Branch);
        Assert.Contains($"Image-Digest: sha256:{set.Sha256}", message);
        Assert.Contains($"Built-By: {TestInputs.WorkflowIdentity}@0123456789abcdef0123456789abcdef01234567", message);
        Assert.Contains("Scan-Passed: true", message);
        var trailers = TestInputs.Git(origin, "log", "-1", "--format=%(trailers:only,unfold)", result.Branch);
        Assert.Contains("Image-Digest:", trailers);
        var record = ListJson.Deserialize<ImageRecord>(System.Text.Encoding.UTF8.GetBytes(TestInputs.Git(origin, "show", $"{result.Branch}:images/debian12/2026.11.1/record.json")), "record");
        Assert.Equal(set.Sha256, record.Sha256);
        Assert.Equal(set.Sha512, record.Sha512);
        Assert.Equal(set.Size, record.Size);
        Assert.Equal("qcow2", record.Format);
        Assert.Equal("debian", record.Os.Id);
        Assert.Equal(StableIdentifier.ForName("debian12"), record.Identifier);
        // the PR body a reviewer decides from: the signer and the repository the signature was made for, as verified
        Assert.Contains($"| Signer (verified) | `{TestInputs.WorkflowIdentity}", result.Body);
        Assert.Contains($"| Signed for repository (verified) | `{TestInputs.SourceRepository}", result.Body);
        Assert.Contains("https://token.actions.githubusercontent.com", result.Body);
        Assert.Contains("log index 123456789", result.Body);
        Assert.Contains("accounts/empty-password", result.Body);
        Assert.Contains("waived", result.Body);
        Assert.Contains("First endorsement", result.Body);
        Assert.DoesNotContain("<b>", result.Body); // untrusted text is escaped
        Assert.Contains(@"\|", result.Body);
        Assert.Contains("has-waivers", result.Labels);
        Assert.Contains("endorsement", result.Labels);
    }

    [Fact]
    public async Task A_rerun_for_the_same_digest_changes_nothing_and_a_different_digest_is_refused()
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var set = TestInputs.CreateImage(temp, "debian12");
        var ct = TestContext.Current.CancellationToken;
        var first = await new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(set, origin), ct);
        var again = await new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(set, origin), ct);
        Assert.Equal(ProposalStatus.Unchanged, again.Status);
        Assert.Equal(first.Commit, again.Commit);
        Assert.Equal("1", TestInputs.Git(origin, "rev-list", "--count", "main.." + first.Branch));

        var other = TestInputs.CreateImage(temp, "debian12", seed: 2);
        var ex = await Assert.ThrowsAsync<BadInputException>(() => new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(other, origin), ct));
        Assert.Contains("another image", ex.Message);
        Assert.Contains(other.Sha256, ex.Message);

        TestInputs.MergeBranch(temp, origin, first.Branch, 1);
        var merged = await new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(set, origin), ct);
        Assert.Equal(ProposalStatus.AlreadyMerged, merged.Status);
        await Assert.ThrowsAsync<BadInputException>(() => new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(other, origin), ct));
    }

    [Fact]
    public async Task The_package_diff_compares_with_the_previously_endorsed_version()
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var ct = TestContext.Current.CancellationToken;
        var v1 = TestInputs.CreateImage(temp, "el9", packages: [("bash", "5.1.8-6.el9"), ("openssl", "3.0.7-24.el9"), ("telnet", "0.17-85.el9")]);
        var r1 = await new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(v1, origin, "el9", "1.0"), ct);
        TestInputs.MergeBranch(temp, origin, r1.Branch, 3);
        var v2 = TestInputs.CreateImage(temp, "el9", seed: 7, packages: [("bash", "5.1.8-9.el9"), ("openssl", "3.0.7-24.el9"), ("chrony", "4.5-1.el9"), ("kernel", "5.14.0")]);

        var r2 = await new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(v2, origin, "el9", "1.1"), ct);

        Assert.Contains("Package changes since 1.0", r2.Body);
        Assert.Contains("2 added, 1 removed, 1 upgraded, 0 downgraded", r2.Body);
        Assert.Contains("| `bash` | 5.1.8-6.el9 | 5.1.8-9.el9 |", r2.Body);
        Assert.Contains("| `telnet` | 0.17-85.el9 |", r2.Body);
        Assert.Contains("| `chrony` | 4.5-1.el9 |", r2.Body);
        var record1 = TestInputs.Git(origin, "show", "main:images/el9/1.0/record.json");
        var record2 = TestInputs.Git(origin, "show", $"{r2.Branch}:images/el9/1.1/record.json");
        Assert.Equal(ListJson.Deserialize<ImageRecord>(System.Text.Encoding.UTF8.GetBytes(record1), "1").Identifier,
            ListJson.Deserialize<ImageRecord>(System.Text.Encoding.UTF8.GetBytes(record2), "2").Identifier);
    }

    private static object Licence(string name, string version, string? licence, string category, string verdict = "allowed", string? area = "main",
        bool nonFree = false, bool review = false) =>
        new { name, version, type = "deb", licence, area, category, verdict, nonFree, review };

    [Fact]
    public async Task The_pull_request_shows_the_licence_summary_and_the_licence_changes_since_the_previous_version()
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var ct = TestContext.Current.CancellationToken;
        var v1 = TestInputs.CreateImage(temp, "deb", packages: [("bash", "5.2.15-2"), ("openssl", "3.0.11-1")], licences:
        [
            Licence("bash", "5.2.15-2", "GPL-3.0-or-later", "restricted"),
            Licence("openssl", "3.0.11-1", "Apache-2.0", "notice"),
        ]);
        var r1 = await new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(v1, origin, "deb", "1.0"), ct);
        Assert.Contains("| restricted | 1 |", r1.Body);
        Assert.Contains("No package is denied, non-free or of unknown licence.", r1.Body);
        Assert.DoesNotContain("Licence changes since", r1.Body);
        TestInputs.MergeBranch(temp, origin, r1.Branch, 3);

        var v2 = TestInputs.CreateImage(temp, "deb", seed: 5, packages: [("bash", "5.2.15-2"), ("openssl", "3.0.11-2"), ("unrar", "1:6.2.6-1"), ("evil", "1")], licences:
        [
            Licence("bash", "5.2.15-2", "GPL-3.0-or-later", "restricted"),
            Licence("openssl", "3.0.11-2", "LicenseRef-OpenSSL", "licenseref", "unknown"),
            Licence("unrar", "1:6.2.6-1", "LicenseRef-Unrar", "licenseref", "unknown", "non-free", nonFree: true, review: true),
            Licence("evil", "1", "AGPL-3.0-only | <b>x</b>", "forbidden", "denied", review: true),
        ]);
        var r2 = await new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(v2, origin, "deb", "1.1"), ct);

        Assert.Contains("### Licences", r2.Body);
        Assert.Contains("| forbidden | 1 |\n| restricted | 1 |\n| licenseref | 2 |", r2.Body);
        Assert.Contains("**Denied, non-free or unknown** (2)", r2.Body);
        Assert.Contains("| `unrar` | 1:6.2.6-1 | `LicenseRef-Unrar` | non-free | licenseref | non-free |", r2.Body);
        Assert.Contains("| `evil` | 1 | `AGPL-3.0-only \\| <b>x</b>` | main | forbidden | **denied** |", r2.Body); // a code span: shown, not rendered
        Assert.DoesNotContain("| `openssl` | 3.0.11-2 | `LicenseRef-OpenSSL`", r2.Body); // main, not reported by the scan: no row
        Assert.Contains("**Licence changes since 1.0**: 1 package(s) changed category, 3 bring a new licence.", r2.Body);
        Assert.Contains("| `openssl` | notice | licenseref | `LicenseRef-OpenSSL` |", r2.Body);
        Assert.Contains("| `unrar` | `LicenseRef-Unrar` | LicenseRef-Unrar |", r2.Body);
    }

    [Fact]
    public async Task A_failed_scan_is_not_endorsed()
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var set = TestInputs.CreateImage(temp, "debian12", passed: false);
        var ex = await Assert.ThrowsAsync<VerificationException>(() => new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(set, origin), TestContext.Current.CancellationToken));
        Assert.Equal("scan-failed", ex.Reason);
        Assert.Equal("", TestInputs.Git(origin, "branch", "--list", "endorse/*"));
    }

    [Fact]
    public async Task A_report_or_bundle_for_another_image_is_bad_input()
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var set = TestInputs.CreateImage(temp, "debian12");
        var other = TestInputs.CreateImage(temp, "debian12", seed: 9);
        var ct = TestContext.Current.CancellationToken;
        var ex = await Assert.ThrowsAsync<BadInputException>(() => new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(set, origin) with { ReportPath = other.Report }, ct));
        Assert.Contains("image.sha256", ex.Message);
        ex = await Assert.ThrowsAsync<BadInputException>(() => new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(set, origin) with { BundlePath = other.Bundle }, ct));
        Assert.Contains("bundle", ex.Message);
        File.WriteAllText(other.Report, "{ not json");
        ex = await Assert.ThrowsAsync<BadInputException>(() => new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(set, origin) with { ReportPath = other.Report }, ct));
        Assert.Contains(other.Report, ex.Message);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("-rf")]
    [InlineData("")]
    public async Task Names_that_could_escape_the_folder_or_the_branch_are_refused(string name)
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var set = TestInputs.CreateImage(temp, "x");
        await Assert.ThrowsAsync<BadInputException>(() => new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(set, origin, name), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Concurrent_reruns_of_the_same_image_race_on_push_and_end_with_one_commit()
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var set = TestInputs.CreateImage(temp, "debian12");
        var ct = TestContext.Current.CancellationToken;
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(set, origin), ct), ct)));
        Assert.All(results, r => Assert.Equal("endorse/debian12/2026.11.1", r.Branch));
        Assert.Equal("1", TestInputs.Git(origin, "rev-list", "--count", "main..endorse/debian12/2026.11.1"));
    }

    [Fact]
    public async Task A_token_never_appears_in_an_error_or_on_disk()
    {
        using var temp = new TempDirectory();
        var set = TestInputs.CreateImage(temp, "debian12");
        const string token = "ghs_SuperSecretToken123";
        var request = Request(set, "x") with { Repository = new ListRepository("http://127.0.0.1:9/list.git", token) };
        var ex = await Assert.ThrowsAsync<ExternalToolException>(() => new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(request, TestContext.Current.CancellationToken));
        Assert.DoesNotContain(token, ex.Message);
        Assert.DoesNotContain(token, request.Repository.ToString());
        Assert.DoesNotContain(token, request.ToString());
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), "imagegate-list-*"))
            foreach (var file in Directory.EnumerateFiles(dir, "config", SearchOption.AllDirectories))
                Assert.DoesNotContain(token, File.ReadAllText(file));
    }

    [Fact]
    public async Task Revoking_needs_an_endorsed_version_and_records_reason_and_author()
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var ct = TestContext.Current.CancellationToken;
        var revoke = new RevokeRequest { Image = ImageReference.Parse("debian12@2026.11.1"), Reason = "CVE-2026-0001 in openssl", RevokedBy = "alice", Repository = new ListRepository(origin) };
        await Assert.ThrowsAsync<BadInputException>(() => new Endorser(TestInputs.GitClient).RevokeAsync(revoke, ct));

        var set = TestInputs.CreateImage(temp, "debian12");
        var endorsed = await new Endorser(TestInputs.GitClient, TestInputs.Signatures).EndorseAsync(Request(set, origin), ct);
        TestInputs.MergeBranch(temp, origin, endorsed.Branch, 4);
        var result = await new Endorser(TestInputs.GitClient).RevokeAsync(revoke, ct);

        Assert.Equal(ProposalStatus.Proposed, result.Status);
        Assert.Equal("revoke/debian12/2026.11.1", result.Branch);
        var rec = ListJson.Deserialize<RevocationRecord>(System.Text.Encoding.UTF8.GetBytes(TestInputs.Git(origin, "show", $"{result.Branch}:images/debian12/2026.11.1/revocation.json")), "r");
        Assert.Equal("CVE-2026-0001 in openssl", rec.Reason);
        Assert.Equal("alice", rec.RevokedBy);
        Assert.Equal(set.Sha256, rec.Sha256);
        Assert.Contains("CVE-2026-0001", result.Body);
        Assert.Contains("revocation", result.Labels);
        var again = await new Endorser(TestInputs.GitClient).RevokeAsync(revoke, ct);
        Assert.Equal(ProposalStatus.Unchanged, again.Status);
    }
}
