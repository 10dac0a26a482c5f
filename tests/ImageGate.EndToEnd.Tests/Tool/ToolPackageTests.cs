using ImageGate.Testing;

namespace ImageGate.EndToEnd.Tests.Tool;

/// <summary>The tool as the action installs it: .github/actions/scripts/install.sh packs src/ImageGate.Cli from the
/// action's own source in Release, installs the global tool, puts it on GITHUB_PATH and sets the imagegate and
/// version outputs. (The one Release pack of the test suite: about a minute on an idle 2-core machine.)</summary>
public sealed class ToolPackageTests
{
    [Fact]
    public void The_action_installs_the_packed_global_tool_which_answers_version_help_and_usage()
    {
        using var runner = new TempDirectory("imagegate-runner");
        Directory.CreateDirectory(runner.Combine("temp"));
        foreach (var f in new[] { "output", "path" }) File.WriteAllText(runner.Combine(f), "");
        var script = Path.Combine(Repository.Root, ".github", "actions", "scripts", "install.sh");
        var install = ExternalProcess.Run("bash", [script], runner.Path, new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = runner.Combine("output"),
            ["GITHUB_PATH"] = runner.Combine("path"),
            ["RUNNER_TEMP"] = runner.Combine("temp"),
            ["ACTION_PATH"] = Repository.Root,
            ["IMAGEGATE_VERSION"] = "",
        }, TimeSpan.FromMinutes(10));
        Assert.True(install.ExitCode == 0, install.StandardOutput + install.StandardError);

        var toolDir = runner.Combine("temp", "imagegate", "tool");
        Assert.Equal(toolDir, File.ReadAllText(runner.Combine("path")).Trim());
        var outputs = GitHubOutputs.Read(runner.Combine("output"));
        var tool = outputs["imagegate"];
        Assert.Equal(Path.Combine(toolDir, "imagegate"), tool);
        // The action's own pack makes the RID-specific packages; on linux-x64 the ReadyToRun one is installed.
        var packages = Directory.GetFiles(runner.Combine("temp", "imagegate", "package"), "ImageGate.Tool.*.nupkg").Select(Path.GetFileName).ToList();
        Assert.Contains(packages, p => p!.StartsWith("ImageGate.Tool.linux-x64.", StringComparison.Ordinal));
        Assert.Contains(packages, p => p!.StartsWith("ImageGate.Tool.any.", StringComparison.Ordinal));
        var store = Path.Combine(toolDir, ".store", "imagegate.tool");
        Assert.True(Directory.GetDirectories(store, "imagegate.tool.linux-x64", SearchOption.AllDirectories).Length == 1,
            "the linux-x64 (ReadyToRun) package was not installed");

        var version = ExternalProcess.Run(tool, ["--version"]);
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.StandardOutput.Trim());
        Assert.Equal(outputs["version"], version.StandardOutput.Trim());

        var help = ExternalProcess.Run(tool, ["--help"]);
        Assert.Equal(0, help.ExitCode);
        foreach (var verb in new[] { "scan", "endorse", "recheck", "site" })
            Assert.Contains(verb, help.StandardOutput);
        Assert.Contains("--var-file", ExternalProcess.Run(tool, ["build", "--help"]).StandardOutput, StringComparison.Ordinal);

        var usage = ExternalProcess.Run(tool, ["scan"]);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("IMAGE", usage.StandardError);
    }
}
