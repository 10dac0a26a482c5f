using System.Text.Json;
using ImageGate.Patches;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;

namespace ImageGate.Cli.Tests.Commands.Scan;

/// <summary><c>scan</c>'s patch check options through the real command line.</summary>
public sealed class ScanPatchCheckTests
{
    [Fact]
    public async Task The_scan_verb_runs_the_patch_check_unless_told_not_to()
    {
        var r = await CliRunner.RunAsync(["scan", Fixtures.Path("root"), "--no-patch-check", "--json"]);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StandardOutput);
        Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == PatchRules.CheckSkipped);

        var bad = await CliRunner.RunAsync(["scan", Fixtures.Path("root"), "--mirror", "no-equals-sign"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--mirror", bad.StandardError, StringComparison.Ordinal);
        var absent = await CliRunner.RunAsync(["scan", Fixtures.Path("root"), "--metadata-dir", "/nonexistent/metadata"]);
        Assert.Equal(2, absent.ExitCode);
        Assert.Contains("/nonexistent/metadata", absent.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_scan_verb_with_a_mirror_to_an_empty_server_fails_clearly_rather_than_passing()
    {
        // The security repository cannot be read: never a silent pass (offline: the server answers 404 to everything).
        using var empty = new TempDirectory("imagegate-empty-mirror");
        using var server = new RepositoryServer(empty.Path);
        var r = await CliRunner.RunAsync(["scan", Fixtures.Path("root"), "--mirror", $"http://deb.debian.org={server.BaseUrl}"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("bookworm-security", r.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.StandardError, StringComparison.Ordinal);
    }
}
