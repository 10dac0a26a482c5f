using System.Text.Json;
using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands.Scan;

public sealed class ScanCommandTests
{
    [Fact]
    public async Task The_clean_root_passes_with_exit_0_and_the_planted_one_fails_with_exit_1()
    {
        var clean = await CliRunner.RunAsync(["scan", "--no-patch-check", Fixtures.Path("root.tar"), "--json"]);
        Assert.Equal(ExitCodes.Passed, clean.ExitCode);
        using var doc = JsonDocument.Parse(clean.StandardOutput);
        Assert.True(doc.RootElement.GetProperty("passed").GetBoolean());
        var planted = await CliRunner.RunAsync(["scan", "--no-patch-check", Fixtures.Path("planted.tar")]);
        Assert.Equal(ExitCodes.GateFailed, planted.ExitCode);
        Assert.Contains("FAILED", planted.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_on_critical_lets_high_findings_pass_and_fail_on_medium_fails_the_clean_root()
    {
        var r = await CliRunner.RunAsync(["scan", "--no-patch-check", Fixtures.Path("root"), "--fail-on", "medium"]);
        Assert.Equal(ExitCodes.GateFailed, r.ExitCode);
        var configured = await CliRunner.RunAsync(["scan", "--no-patch-check", Fixtures.Path("root")], new Dictionary<string, string> { ["IMAGEGATE_SCAN__FAIL_ON"] = "medium" });
        Assert.Equal(ExitCodes.GateFailed, configured.ExitCode);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_or_a_bad_option_is_bad_input()
    {
        using var tmp = new TempDirectory();
        File.WriteAllText(tmp.Combine("policy.yaml"), "rules:\n  credentials/nope: {}\n");
        var r = await CliRunner.RunAsync(["scan", "--no-patch-check", Fixtures.Path("root"), "--policy", tmp.Combine("policy.yaml")]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("policy.yaml", r.StandardError, StringComparison.Ordinal);
        var f = await CliRunner.RunAsync(["scan", "--no-patch-check", Fixtures.Path("root"), "--format", "pdf"]);
        Assert.Equal(ExitCodes.BadInput, f.ExitCode);
        var s = await CliRunner.RunAsync(["scan", "--no-patch-check", Fixtures.Path("root"), "--fail-on", "sometimes"]);
        Assert.Equal(ExitCodes.BadInput, s.ExitCode);
        using (var tar = new System.Formats.Tar.TarWriter(File.Create(tmp.Combine("full.tar"))))
        {
            var entry = new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "etc/big") { DataStream = new MemoryStream(new byte[100_000]) };
            tar.WriteEntry(entry);
        }
        File.WriteAllBytes(tmp.Combine("broken.tar"), File.ReadAllBytes(tmp.Combine("full.tar"))[..5000]);
        var t = await CliRunner.RunAsync(["scan", "--no-patch-check", tmp.Combine("broken.tar")]);
        Assert.Equal(ExitCodes.BadInput, t.ExitCode);
        Assert.DoesNotContain("   at ", t.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_github_actions_the_report_paths_are_outputs_and_the_summary_is_markdown()
    {
        using var tmp = new TempDirectory();
        var vars = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = tmp.Combine("output"), ["GITHUB_STEP_SUMMARY"] = tmp.Combine("summary"), ["RUNNER_TEMP"] = tmp.Path,
        };
        var r = await CliRunner.RunAsync(["scan", "--no-patch-check", Fixtures.Path("planted"), "--sarif-output", tmp.Combine("scan.sarif")], vars);
        Assert.Equal(ExitCodes.GateFailed, r.ExitCode);
        var outputs = File.ReadAllText(tmp.Combine("output"));
        Assert.Contains($"sarif-path={tmp.Combine("scan.sarif")}", outputs, StringComparison.Ordinal);
        Assert.Contains("report-path=", outputs, StringComparison.Ordinal);
        var reportPath = outputs.Split('\n').Single(l => l.StartsWith("report-path=", StringComparison.Ordinal))["report-path=".Length..];
        Assert.True(File.Exists(reportPath));
        Assert.Contains("## ImageGate scan", File.ReadAllText(tmp.Combine("summary")), StringComparison.Ordinal);
        Assert.Contains("::error::", r.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_formats_with_output_write_one_file_each_and_the_sbom()
    {
        using var tmp = new TempDirectory();
        var r = await CliRunner.RunAsync(["scan", "--no-patch-check", Fixtures.Path("root"), "--format", "json", "--format", "sarif,markdown", "-o", tmp.Combine("report"),
            "--sbom", tmp.Combine("bom.json"), "--sbom-format", "cyclonedx"]);
        Assert.Equal(ExitCodes.Passed, r.ExitCode);
        foreach (var f in new[] { "report.json", "report.sarif", "report.md", "bom.json" }) Assert.True(File.Exists(tmp.Combine(f)), f);
        Assert.Equal("CycloneDX", JsonDocument.Parse(File.ReadAllText(tmp.Combine("bom.json"))).RootElement.GetProperty("bomFormat").GetString());
    }

    [Fact]
    public async Task Inventory_prints_packages_and_policy_show_prints_the_embedded_policy()
    {
        var inv = await CliRunner.RunAsync(["inventory", Fixtures.Path("root.tar")]);
        Assert.Equal(ExitCodes.Passed, inv.ExitCode);
        using var doc = JsonDocument.Parse(inv.StandardOutput);
        Assert.Contains(doc.RootElement.GetProperty("packages").EnumerateArray(), p => p.GetProperty("name").GetString() == "bash");
        var spdx = await CliRunner.RunAsync(["inventory", Fixtures.Path("root"), "--format", "spdx"]);
        Assert.Equal("SPDX-2.3", JsonDocument.Parse(spdx.StandardOutput).RootElement.GetProperty("spdxVersion").GetString());
        var policy = await CliRunner.RunAsync(["policy", "show"]);
        Assert.Equal(ExitCodes.Passed, policy.ExitCode);
        Assert.Contains("credentials/private-key", policy.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("contentSearch:", policy.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inventory_stamps_its_document_with_the_command_line_clock()
    {
        var at = new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var r = await CliRunner.RunAsync(["inventory", Fixtures.Path("root"), "--format", "cyclonedx"], time: new FixedClock(at));
        Assert.True(r.ExitCode == ExitCodes.Passed, r.StandardError);
        using var doc = JsonDocument.Parse(r.StandardOutput);
        Assert.Equal("2031-05-06T07:08:09Z", doc.RootElement.GetProperty("metadata").GetProperty("timestamp").GetString());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
