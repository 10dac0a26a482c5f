using System.Text.Json;
using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands.Scan;

public sealed class LicenceCommandTests
{
    [Fact]
    public async Task Policy_show_prints_the_licences_section_and_summarises_a_files_one()
    {
        var shown = await CliRunner.RunAsync(["policy", "show"]);
        Assert.Equal(ExitCodes.Passed, shown.ExitCode);
        Assert.Contains("licences:", shown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("allowedCategories: [unencumbered, permissive, notice, reciprocal, restricted]", shown.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("licences/denied: { enabled: true, severity: high }", shown.StandardOutput, StringComparison.Ordinal);

        using var tmp = new TempDirectory();
        File.WriteAllText(tmp.Combine("policy.yaml"), "licences:\n  deniedIds: [AGPL-3.0-only]\n  unknown: off\n");
        var file = await CliRunner.RunAsync(["policy", "show", "--policy", tmp.Combine("policy.yaml")]);
        Assert.Equal(ExitCodes.Passed, file.ExitCode);
        Assert.Contains("denied ids: AGPL-3.0-only", file.StandardError, StringComparison.Ordinal);
        Assert.Contains("licences/non-free medium, licences/unknown off", file.StandardError, StringComparison.Ordinal);

        File.WriteAllText(tmp.Combine("bad.yaml"), "licences:\n  deniedCategories: [evil]\n");
        var bad = await CliRunner.RunAsync(["policy", "show", "--policy", tmp.Combine("bad.yaml")]);
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.Contains("evil", bad.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reports_carry_licence_findings_of_a_non_free_root_like_any_other_rule()
    {
        using var tmp = new TempDirectory();
        var r = await CliRunner.RunAsync(["scan", "--no-patch-check", Fixtures.Path("debian12-nonfree-root.tar"), "--format", "json,sarif,markdown,table",
            "--output", tmp.Combine("report")]);
        Assert.Equal(ExitCodes.Passed, r.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(tmp.Combine("report.json")));
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("ruleId").GetString() == "licences/non-free" && f.GetProperty("path").GetString() == "/usr/share/doc/unrar");
        Assert.Equal(2, json.RootElement.GetProperty("licences").GetProperty("nonFree").GetInt32());
        using var sarif = JsonDocument.Parse(File.ReadAllText(tmp.Combine("report.sarif")));
        Assert.Contains(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray(), x => x.GetProperty("ruleId").GetString() == "licences/non-free");
        Assert.Contains(sarif.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray(),
            x => x.GetProperty("id").GetString() == "licences/denied");
        Assert.Contains("licences/non-free", File.ReadAllText(tmp.Combine("report.md")), StringComparison.Ordinal);
        Assert.Contains("licences/non-free", File.ReadAllText(tmp.Combine("report.txt")), StringComparison.Ordinal);
    }
}
