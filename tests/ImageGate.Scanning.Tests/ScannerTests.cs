using System.Security.Cryptography;
using ImageGate.Core.IO;
using ImageGate.Scanning.Rules;
using ImageGate.Testing;

namespace ImageGate.Scanning.Tests;

public sealed class ScannerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_planted_item_is_found_by_path_and_rule(bool tar)
    {
        var report = await ScanFixtures.Planted(tar);
        var planted = Fixtures.Planted();
        Assert.True(planted.Count >= 30, $"planted.tsv lists only {planted.Count} items");
        var missing = planted.Where(p => !report.Findings.Any(f => f.Path == p.Path && f.RuleId == p.RuleId)).ToList();
        Assert.True(missing.Count == 0,
            "not found: " + string.Join(", ", missing.Select(m => $"{m.Path} {m.RuleId}")) + "\nfindings:\n" +
            string.Join("\n", report.Findings.Select(f => $"{f.RuleId} {f.Path} {f.Message}")));
        Assert.False(report.Passed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_clean_root_has_no_credentials_or_accounts_findings_and_passes(bool tar)
    {
        var report = await ScanFixtures.Clean(tar);
        var bad = report.Findings.Where(f => f.RuleId.StartsWith("credentials/", StringComparison.Ordinal) || f.RuleId.StartsWith("accounts/", StringComparison.Ordinal)).ToList();
        Assert.True(bad.Count == 0, string.Join("\n", bad.Select(f => $"{f.RuleId} {f.Path} {f.Message}")));
        Assert.True(report.Passed, string.Join("\n", report.Findings.Select(f => $"{f.Severity} {f.RuleId} {f.Path} {f.Message}")));
        Assert.Contains(report.Findings, f => f.RuleId == "contextualisation/no-agent");
    }

    [Fact]
    public async Task A_scan_reports_the_image_digests_its_caller_started_before_opening_the_image()
    {
        var path = Fixtures.Path("root.tar");
        var digests = FileDigests.ComputeAsync(path, TestContext.Current.CancellationToken);

        var report = await ScanFixtures.ScanPathAsync(path, "root.tar", new ScanOptions { ImageDigests = digests });

        var (_, sha256, sha512) = await digests;
        Assert.Equal(sha256, report.Image.Sha256);
        Assert.Equal(sha512, report.Image.Sha512);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken))), report.Image.Sha256);
    }

    [Fact]
    public async Task Directory_and_tar_inputs_give_the_same_findings()
    {
        var dir = await ScanFixtures.Planted(tar: false);
        var tar = await ScanFixtures.Planted(tar: true);
        Assert.Equal(dir.Findings.Select(f => (f.RuleId, f.Path, f.Fingerprint)), tar.Findings.Select(f => (f.RuleId, f.Path, f.Fingerprint)));
        Assert.Equal(dir.PackageCount, tar.PackageCount);
    }

    [Fact]
    public async Task Every_finding_cites_a_clause_and_a_known_rule()
    {
        var report = await ScanFixtures.Planted(tar: false);
        foreach (var f in report.Findings)
        {
            Assert.NotNull(PolicyClauses.Find(f.Clause));
            Assert.NotNull(RuleCatalog.Find(f.RuleId));
            Assert.Matches("^[0-9a-f]{16}$", f.Fingerprint);
        }
    }
}
