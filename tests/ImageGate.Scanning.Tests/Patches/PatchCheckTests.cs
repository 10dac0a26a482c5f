using System.Text.Json;
using ImageGate.Patches;
using ImageGate.Scanning.Patches;
using ImageGate.Scanning.Reports;
using ImageGate.Scanning.Rules;
using ImageGate.Testing;

using ImageGate.Testing.Repositories;
using ImageGate.Testing.Patches;

namespace ImageGate.Scanning.Tests.Patches;

public sealed class PatchCheckTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task A_scan_of_the_fixture_root_against_the_committed_metadata_reports_the_missing_security_updates_and_fails_at_high()
    {
        using var snapshot = new DebianSnapshot();
        using var server = new RepositoryServer(snapshot.Root);
        var check = new PatchCheck(new PatchCheckOptions { Mirrors = [MirrorRewrite.Parse($"http://deb.debian.org={server.BaseUrl}")] });
        var report = await ScanFixtures.ScanAsync("root", new ScanOptions { Checks = [check], Time = new FixedClock(snapshot.Fetched) });

        Assert.False(report.Passed);
        Assert.Equal(Severity.High, report.FailOn);
        var missing = report.Findings.Where(f => f.RuleId == PatchRules.SecurityUpdateMissing).ToList();
        Assert.Equal(9, missing.Count);
        Assert.All(missing, f =>
        {
            Assert.Equal(Severity.High, f.Severity);
            Assert.Equal("security-patches", f.Clause);
            Assert.Equal("/var/lib/dpkg/status", f.Path);
        });
        Assert.Contains(report.Rules, r => r.Id == PatchRules.CheckSkipped);
        Assert.DoesNotContain(report.Findings, f => f.RuleId == PatchRules.CheckSkipped);

        using var doc = JsonDocument.Parse(JsonReportWriter.ToJson(report));
        var updates = doc.RootElement.GetProperty("missingUpdates").EnumerateArray().ToList();
        Assert.Equal(9, updates.Count);
        var names = updates.Select(u => u.GetProperty("package").GetString()).ToList();
        foreach (var name in new[] { "apt", "perl", "tzdata" }) Assert.Contains(name, names);
        Assert.All(updates, u =>
        {
            Assert.Contains(u.GetProperty("arch").GetString(), new[] { "amd64", "all" });
            Assert.NotEqual(u.GetProperty("installedVersion").GetString(), u.GetProperty("fixedVersion").GetString());
            Assert.Equal("http://deb.debian.org/debian-security bookworm-security", u.GetProperty("repository").GetString());
            Assert.Equal(JsonValueKind.Array, u.GetProperty("advisories").ValueKind);
        });
        var security = Assert.Single(doc.RootElement.GetProperty("patchMetadata").EnumerateArray(), m => m.GetProperty("security").GetBoolean());
        Assert.Equal("http://deb.debian.org/debian-security/dists/bookworm-security/InRelease", security.GetProperty("url").GetString());
        Assert.StartsWith("2026-11-21T00:53:02", security.GetProperty("date").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("2026-11-28T00:53:02", security.GetProperty("validUntil").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("sha256:", security.GetProperty("digest").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(server.BaseUrl, security.GetProperty("fetchedFrom").GetString(), StringComparison.Ordinal);

        var markdown = MarkdownReportWriter.ToMarkdown(report);
        Assert.Contains("### Missing security updates", markdown, StringComparison.Ordinal);
        Assert.Contains("| tzdata |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_held_back_from_the_security_update_is_reported_missing_and_the_finding_names_the_hold()
    {
        using var snapshot = new DebianSnapshot();
        using var server = new RepositoryServer(snapshot.Root);
        using var v = new CloudVariant();
        // The cloud root with the security suite configured, and tzdata held as `apt-mark hold` does it (dpkg's selection).
        v.Write("/etc/apt/sources.list.d/debian-security.list", "deb http://deb.debian.org/debian-security bookworm-security main\n");
        v.Extract("/var/lib/dpkg/status");
        Directory.CreateDirectory(v.Host("/var/lib/dpkg/updates"));
        File.WriteAllText(v.Host("/var/lib/dpkg/available"), "");
        CloudVariant.Tools("dpkg", ["--admindir", v.Host("/var/lib/dpkg"), "--set-selections"], "tzdata hold\n");
        Assert.Contains("Package: tzdata\nStatus: hold ok installed", File.ReadAllText(v.Host("/var/lib/dpkg/status")), StringComparison.Ordinal);
        var check = new PatchCheck(new PatchCheckOptions { Mirrors = [MirrorRewrite.Parse($"http://deb.debian.org={server.BaseUrl}")] });
        var report = await v.ScanAsync(new ScanOptions { Checks = [check], Time = new FixedClock(snapshot.Fetched) });

        var missing = report.Findings.Where(f => f.RuleId == PatchRules.SecurityUpdateMissing).ToList();
        var tzdata = Assert.Single(missing, f => f.Message.StartsWith("tzdata ", StringComparison.Ordinal));
        Assert.Equal(Severity.High, tzdata.Severity);
        Assert.Equal("/var/lib/dpkg/status", tzdata.Path);
        Assert.Contains("it is held (dpkg selection 'hold'", tzdata.Message, StringComparison.Ordinal);
        Assert.Contains("apt-mark unhold tzdata", tzdata.Message, StringComparison.Ordinal);
        Assert.All(missing.Where(f => f != tzdata), f => Assert.DoesNotContain("held", f.Message, StringComparison.Ordinal));
        Assert.Contains("apt-mark unhold", Assert.Single(report.Rules, r => r.Id == PatchRules.SecurityUpdateMissing).Remedy, StringComparison.Ordinal);
        Assert.True(Assert.Single(report.Packages, p => p.Name == "tzdata").Held);
        Assert.All(report.Packages.Where(p => p.Name != "tzdata"), p => Assert.Null(p.Held));
    }

    [Fact]
    public async Task Without_the_patch_check_the_skip_is_a_visible_medium_finding_and_no_section_is_written()
    {
        var report = await ScanFixtures.ScanAsync("root", new ScanOptions { Checks = [new PatchCheck(new PatchCheckOptions { Skip = true })] });
        var skipped = Assert.Single(report.Findings, f => f.RuleId == PatchRules.CheckSkipped);
        Assert.Equal(Severity.Medium, skipped.Severity);
        Assert.Contains("NOT checked", skipped.Message, StringComparison.Ordinal);
        Assert.True(report.Passed); // medium is below the default gate
        using var doc = JsonDocument.Parse(JsonReportWriter.ToJson(report));
        Assert.False(doc.RootElement.TryGetProperty("missingUpdates", out _));
        Assert.Contains("not** checked", MarkdownReportWriter.ToMarkdown(report), StringComparison.Ordinal);
    }
}
