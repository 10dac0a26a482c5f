using System.Text.Json;
using ImageGate.Scanning.Reports;
using ImageGate.Scanning.Sbom;
using ImageGate.Testing;

namespace ImageGate.Scanning.Tests.Reports;

public sealed class ReportTests
{
    [Fact]
    public async Task The_json_report_has_the_documented_fields()
    {
        var report = await ScanFixtures.Planted(tar: true);
        using var doc = JsonDocument.Parse(JsonReportWriter.ToJson(report));
        var r = doc.RootElement;
        var image = r.GetProperty("image");
        foreach (var p in new[] { "path", "format", "size", "sha256", "sha512" }) Assert.True(image.TryGetProperty(p, out _), p);
        Assert.Equal("tar", image.GetProperty("format").GetString());
        Assert.Matches("^[0-9a-f]{64}$", image.GetProperty("sha256").GetString());
        Assert.Matches("^[0-9a-f]{128}$", image.GetProperty("sha512").GetString());
        Assert.Equal("debian", r.GetProperty("os").GetProperty("id").GetString());
        Assert.Equal("12", r.GetProperty("os").GetProperty("versionId").GetString());
        Assert.True(r.GetProperty("os").TryGetProperty("prettyName", out _));
        Assert.True(r.GetProperty("packageCount").GetInt32() > 50);
        var finding = r.GetProperty("findings")[0];
        foreach (var p in new[] { "ruleId", "severity", "path", "message", "clause", "fingerprint", "waived" }) Assert.True(finding.TryGetProperty(p, out _), p);
        Assert.False(r.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task The_sarif_report_is_valid_against_the_sarif_2_1_0_schema_with_image_locations()
    {
        var report = await ScanFixtures.Planted(tar: false);
        using var tmp = new TempDirectory();
        var file = tmp.Combine("r.sarif");
        using (var s = File.Create(file)) SarifReportWriter.Write(report, s);
        NodeValidator.AssertValid("sarif", file);
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results");
        Assert.Equal(report.Findings.Count, results.GetArrayLength());
        Assert.Equal("image://planted/root/.ssh/id_rsa",
            results.EnumerateArray().Select(x => x.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString())
                .Single(u => u!.EndsWith("/root/.ssh/id_rsa", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_cyclonedx_sbom_is_valid_against_the_cyclonedx_1_6_schema()
    {
        var report = await ScanFixtures.Clean(tar: true);
        using var tmp = new TempDirectory();
        var file = tmp.Combine("bom.json");
        using (var s = File.Create(file)) CycloneDxWriter.Write(SbomSubject.From(report), s);
        NodeValidator.AssertValid("cyclonedx", file);
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(report.PackageCount + 1, doc.RootElement.GetProperty("components").GetArrayLength());
    }

    [Fact]
    public async Task The_spdx_document_has_every_package_with_a_purl_and_declares_its_licence_refs()
    {
        var report = await ScanFixtures.Clean(tar: true);
        using var tmp = new TempDirectory();
        var file = tmp.Combine("spdx.json");
        using (var s = File.Create(file)) SpdxWriter.Write(SbomSubject.From(report), s);
        NodeValidator.AssertValid("spdx", file);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        var root = doc.RootElement;
        Assert.Equal("SPDX-2.3", root.GetProperty("spdxVersion").GetString());
        var packages = root.GetProperty("packages").EnumerateArray().ToList();
        Assert.Equal(report.PackageCount + 2, packages.Count); // the image, its OS, then the packages
        var ids = packages.Select(p => p.GetProperty("SPDXID").GetString()!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^SPDXRef-[A-Za-z0-9.-]+$", id));
        var declaredRefs = root.TryGetProperty("hasExtractedLicensingInfos", out var infos)
            ? infos.EnumerateArray().Select(i => i.GetProperty("licenseId").GetString()).ToHashSet() : [];
        foreach (var p in packages.Skip(2))
        {
            Assert.StartsWith("pkg:deb/debian/", p.GetProperty("externalRefs")[0].GetProperty("referenceLocator").GetString(), StringComparison.Ordinal);
            foreach (var term in p.GetProperty("licenseDeclared").GetString()!.Split(' ').Select(t => t.Trim('(', ')')))
                if (term.StartsWith("LicenseRef-", StringComparison.Ordinal)) Assert.Contains(term, declaredRefs);
        }
    }

    [Fact]
    public async Task The_markdown_report_names_the_verdict_and_every_blocking_rule()
    {
        var report = await ScanFixtures.Planted(tar: false);
        var md = MarkdownReportWriter.ToMarkdown(report);
        Assert.Contains("❌ failed", md, StringComparison.Ordinal);
        foreach (var f in report.Blocking) Assert.Contains($"`{f.RuleId}`", md, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_markdown_report_shows_hostile_image_text_as_text()
    {
        var planted = await ScanFixtures.Planted(tar: false);
        const string hostile = "see [click](https://evil.example) ![x](https://evil.example/p.png) @octocat\rx | y <b>z</b>";
        var report = planted with
        {
            Os = new Core.Packages.OsRelease("debian", "12", "Debian @admins https://evil.example"),
            Findings = [planted.Findings[0] with { Message = hostile, Path = "/etc/`x` | y\n" }, .. planted.Findings.Skip(1)],
        };
        var md = MarkdownReportWriter.ToMarkdown(report);
        foreach (var bad in new[] { "](https://", "@octocat", "@admins", "https://", "<b>", "\r" })
            Assert.DoesNotContain(bad, md, StringComparison.Ordinal);
        var row = Assert.Single(md.Split('\n'), l => l.Contains("see \\[click\\]", StringComparison.Ordinal));
        Assert.Contains("``/etc/`x` \\| y ``", row, StringComparison.Ordinal);
        Assert.Equal(5, System.Text.RegularExpressions.Regex.Count(row, @"(?<!\\)\|")); // still 4 cells: the text's '|' are escaped
    }
}
