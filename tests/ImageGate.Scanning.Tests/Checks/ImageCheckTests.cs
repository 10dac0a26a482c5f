using System.Text.Json;
using System.Text.Json.Nodes;
using ImageGate.Scanning.Checks;
using ImageGate.Scanning.Reports;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Tests.Checks;

public sealed class ImageCheckTests
{
    private sealed class PretendPatchCheck : IImageCheck
    {
        public string Name => "patches";

        public IReadOnlyList<RuleDefinition> Rules { get; } =
            [new("patches/security-update-missing", "A security update is not installed", Severity.High, PolicyClauses.SecurityPatches)];

        public Task<ImageCheckResult> RunAsync(ImageCheckContext context, CancellationToken cancellationToken)
        {
            var bash = context.Packages.Single(p => p.Name == "bash");
            return Task.FromResult(new ImageCheckResult
            {
                Findings = [new CheckFinding("patches/security-update-missing", "/var/lib/dpkg/status", $"{bash.Name} {bash.Version} has a pending security update") { Identity = "bash DSA-0000-1" }],
                Sections = new Dictionary<string, JsonNode?> { ["missingUpdates"] = new JsonArray(new JsonObject { ["package"] = bash.Name }) },
                Markdown = "### Missing security updates\n\n- bash",
            });
        }
    }

    [Fact]
    public async Task An_extra_check_adds_findings_sections_and_markdown_and_can_fail_the_gate()
    {
        var report = await ScanFixtures.ScanAsync("root.tar", new ScanOptions { Checks = [new PretendPatchCheck()] });
        var finding = Assert.Single(report.Findings, f => f.RuleId == "patches/security-update-missing");
        Assert.Equal("security-patches", finding.Clause);
        Assert.False(report.Passed);
        using var doc = JsonDocument.Parse(JsonReportWriter.ToJson(report));
        Assert.Equal("bash", doc.RootElement.GetProperty("missingUpdates")[0].GetProperty("package").GetString());
        Assert.Contains("### Missing security updates", MarkdownReportWriter.ToMarkdown(report), StringComparison.Ordinal);
        Assert.Contains(report.Rules, r => r.Id == "patches/security-update-missing");
    }
}
