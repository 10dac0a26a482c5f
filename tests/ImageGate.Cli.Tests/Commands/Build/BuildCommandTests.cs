using System.Text.Json;
using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands.Build;

/// <summary><c>imagegate build</c> on the real command line with real Packer runs (templates of ImageGate.Packer.Tests).</summary>
public sealed class BuildCommandTests
{
    private static string Template(string name)
    {
        var path = Path.Combine(Repository.Root, "tests", "ImageGate.Packer.Tests", "Templates", name);
        Assert.True(File.Exists(path), $"template {path} is missing");
        return path;
    }

    [Fact]
    public async Task Json_lists_the_disk_images_with_format_size_and_digests()
    {
        ExternalProcess.Require("packer");
        using var work = new TempDirectory();
        var r = await CliRunner.RunAsync(["build", Template("disks.json"), "--var", "name=cli", "--var-file", Template("size.json"),
            "--only", "qcow2", "--json", "--output-dir", "result"], workingDirectory: work.Path);

        Assert.True(r.ExitCode == 0, r.StandardError);
        using var doc = JsonDocument.Parse(r.StandardOutput);
        var image = Assert.Single(doc.RootElement.GetProperty("images").EnumerateArray().ToList());
        Assert.Equal(work.Combine("out", "cli-qcow2.img"), image.GetProperty("path").GetString());
        Assert.Equal("qcow2", image.GetProperty("format").GetString());
        Assert.Equal(new FileInfo(work.Combine("out", "cli-qcow2.img")).Length, image.GetProperty("size").GetInt64());
        Assert.Equal(64, image.GetProperty("sha256").GetString()!.Length);
        Assert.Equal(128, image.GetProperty("sha512").GetString()!.Length);
        Assert.Equal("1.6.6", doc.RootElement.GetProperty("packer").GetProperty("version").GetString());
        Assert.True(File.Exists(work.Combine("result", "build.json")));
        Assert.Contains("qcow2: making qcow2, size 2M", r.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_build_exits_1_with_packers_error_lines()
    {
        ExternalProcess.Require("packer");
        using var work = new TempDirectory();
        var r = await CliRunner.RunAsync(["build", Template("failing.json")], workingDirectory: work.Path);
        Assert.Equal(ExitCodes.GateFailed, r.ExitCode);
        Assert.Contains("Packer failed", r.StandardError, StringComparison.Ordinal);
        Assert.Contains("==> broken: disk full, giving up", r.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_github_actions_outputs_and_the_summary_are_written()
    {
        ExternalProcess.Require("packer");
        using var work = new TempDirectory();
        var outputs = work.Combine("github_output");
        var summary = work.Combine("step_summary");
        var r = await CliRunner.RunAsync(["build", Template("raw.pkr.hcl")], new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = outputs,
            ["GITHUB_STEP_SUMMARY"] = summary,
        }, work.Path);

        Assert.True(r.ExitCode == 0, r.StandardError);
        var lines = File.ReadAllLines(outputs);
        Assert.Contains($"image-path={work.Combine("hcl-out", "disk.raw")}", lines);
        Assert.Contains(lines, l => l.StartsWith("image-digest=sha256:", StringComparison.Ordinal) && l.Length == "image-digest=sha256:".Length + 64);
        Assert.Contains("image-format=raw", lines);
        Assert.Contains("| `disk.raw` | null.raw | raw |", File.ReadAllText(summary), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--var", "novalue")]
    [InlineData("--packer-min-version", "one.two")]
    public async Task Malformed_options_exit_2(string option, string value)
    {
        var r = await CliRunner.RunAsync(["build", Template("disks.json"), option, value]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains(value, r.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_template_exits_2_naming_it()
    {
        var r = await CliRunner.RunAsync(["build", "/nonexistent/image.pkr.hcl"]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("/nonexistent/image.pkr.hcl", r.StandardError, StringComparison.Ordinal);
    }
}
