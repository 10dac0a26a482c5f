using System.Text.Json;
using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands.Pipeline;

/// <summary><c>imagegate run</c>'s exit codes with real Packer (a template that hands over a fixture image), the real
/// scan and key signing: 0 when the image passes the gate and is signed, 1 at the stage whose gate failed.</summary>
public sealed class RunExitCodeTests
{
    private static async Task<(CliResult Result, JsonElement Run, TempDirectory Work)> RunAsync(string fixture, params string[] extra)
    {
        ExternalProcess.Require("packer");
        var image = Fixtures.Path(fixture);
        var work = new TempDirectory();
        File.WriteAllText(work.Combine("image.json"), $$"""
            {
              "builders": [{ "type": "null", "name": "disk", "communicator": "none" }],
              "provisioners": [{ "type": "shell-local", "inline": ["mkdir -p out", "cp '{{image}}' out/disk.qcow2"] }],
              "post-processors": [{ "type": "artifice", "files": ["out/disk.qcow2"] }]
            }
            """);
        var keys = await CliRunner.RunAsync(["generate-key-pair", "--output-key-prefix", work.Combine("endorser")]);
        Assert.True(keys.ExitCode == 0, keys.StandardError);
        var r = await CliRunner.RunAsync(["--no-config", "run", "image.json", "--signing", "key", "--key", work.Combine("endorser.key"),
            "--no-patch-check", "--image-name", "demo", "--image-version", "1.0", "--output-dir", "result", .. extra], workingDirectory: work.Path);
        using var doc = JsonDocument.Parse(File.ReadAllText(work.Combine("result", "run.json")));
        return (r, doc.RootElement.Clone(), work);
    }

    [Fact]
    public async Task An_image_that_passes_the_gate_is_signed_and_run_exits_0()
    {
        var (r, run, work) = await RunAsync("gpt-compressed.qcow2");
        using (work)
        {
            Assert.True(r.ExitCode == ExitCodes.Passed, r.StandardError);
            Assert.True(run.GetProperty("passed").GetBoolean());
            Assert.Equal(0, run.GetProperty("exitCode").GetInt32());
            Assert.True(File.Exists(run.GetProperty("bundlePath").GetString()));
        }
    }

    [Fact]
    public async Task An_image_that_fails_the_gate_stops_run_at_the_scan_with_exit_1_and_is_not_signed()
    {
        var (r, run, work) = await RunAsync("planted-gpt.qcow2");
        using (work)
        {
            Assert.Equal(ExitCodes.GateFailed, r.ExitCode);
            Assert.False(run.GetProperty("passed").GetBoolean());
            Assert.Equal("scan", run.GetProperty("stage").GetString());
            Assert.Equal(1, run.GetProperty("exitCode").GetInt32());
            Assert.True(File.Exists(run.GetProperty("reportPath").GetString()));
            Assert.False(run.TryGetProperty("bundlePath", out _));
            Assert.Empty(Directory.GetFiles(work.Combine("result"), "*.sigstore.json", SearchOption.AllDirectories));
        }
    }

    [Fact]
    public async Task A_build_that_fails_stops_run_at_the_build_with_exit_1()
    {
        ExternalProcess.Require("packer");
        using var work = new TempDirectory();
        var template = Path.Combine(Repository.Root, "tests", "ImageGate.Packer.Tests", "Templates", "failing.json");
        var keys = await CliRunner.RunAsync(["generate-key-pair", "--output-key-prefix", work.Combine("endorser")]);
        Assert.True(keys.ExitCode == 0, keys.StandardError);
        var r = await CliRunner.RunAsync(["--no-config", "run", template, "--signing", "key", "--key", work.Combine("endorser.key"), "--output-dir", "result"],
            workingDirectory: work.Path);
        Assert.Equal(ExitCodes.GateFailed, r.ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllText(work.Combine("result", "run.json")));
        Assert.Equal("build", doc.RootElement.GetProperty("stage").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("exitCode").GetInt32());
    }
}
