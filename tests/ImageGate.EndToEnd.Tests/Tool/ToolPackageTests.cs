using System.Text.RegularExpressions;
using ImageGate.Testing;

namespace ImageGate.EndToEnd.Tests.Tool;

/// <summary>The tool as the action installs it: .github/actions/scripts/install.sh packs src/ImageGate.Cli from the
/// action's own source in Release, installs the global tool, puts it on GITHUB_PATH and sets the imagegate and
/// version outputs. It runs as in the list repository's jobs: the action checked out at .imagegate inside the list
/// repository's checkout, which is the working directory. (The one Release pack of the test suite: about a minute
/// on an idle 2-core machine.)</summary>
public sealed partial class ToolPackageTests
{
    [GeneratedRegex(@"^0\.1\.0-ci\.\d{14}\.g(?<commit>[0-9a-f]{12})$")]
    private static partial Regex CiVersion();

    /// <summary>The action's source as actions/checkout leaves it at <c>.imagegate</c> (a git checkout of its own).</summary>
    private static string CheckOutAction(string list)
    {
        var action = Path.Combine(list, ".imagegate");
        Directory.CreateDirectory(action);
        foreach (var f in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
            File.Copy(Path.Combine(Repository.Root, f), Path.Combine(action, f));
        Assert.Equal(0, ExternalProcess.Run("bash", ["-c", "tar -C \"$1\" --exclude=bin --exclude=obj -cf - src .github | tar -C \"$2\" -xf -", "copy", Repository.Root, action]).ExitCode);
        var git = new Dictionary<string, string> { ["GIT_AUTHOR_NAME"] = "t", ["GIT_AUTHOR_EMAIL"] = "t@example.org", ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@example.org", ["GIT_CONFIG_NOSYSTEM"] = "1" };
        foreach (var args in new[] { new[] { "init", "-q" }, ["add", "-A"], ["commit", "-q", "-m", "action"] })
            Assert.Equal(0, ExternalProcess.Run("git", ["-C", action, .. args], environment: git).ExitCode);
        return action;
    }

    [Fact]
    public void The_action_installs_the_tool_it_built_from_its_own_source_whatever_the_list_repository_plants()
    {
        using var runner = new TempDirectory("imagegate-runner");
        Directory.CreateDirectory(runner.Combine("temp"));
        foreach (var f in new[] { "output", "path" }) File.WriteAllText(runner.Combine(f), "");
        // The list repository's checkout (the workspace), with what someone who can push to it would plant.
        var list = Directory.CreateDirectory(runner.Combine("workspace", "list")).FullName;
        File.WriteAllText(Path.Combine(list, "imagegate.yaml"), "publish:\n  fulcio-url: https://attacker.example/\n  expires-at: 2099-01-01T00:00:00Z\n");
        File.WriteAllText(Path.Combine(list, "Directory.Build.rsp"), "-p:Version=6.6.6-planted\n");
        File.WriteAllText(Path.Combine(list, "Directory.Build.props"), "<Project><PropertyGroup><Version>6.6.7-planted</Version></PropertyGroup></Project>\n");
        File.WriteAllText(Path.Combine(list, "NuGet.Config"), $"""
            <configuration><packageSources><add key="planted" value="{runner.Combine("planted-feed-that-does-not-exist")}" /></packageSources></configuration>
            """);
        File.WriteAllText(Path.Combine(list, "global.json"), """{ "sdk": { "version": "1.0.0", "rollForward": "disable" } }""");
        var action = CheckOutAction(list);
        var commit = ExternalProcess.Run("git", ["-C", action, "rev-parse", "--short=12", "HEAD"]).StandardOutput.Trim();

        var script = Path.Combine(action, ".github", "actions", "scripts", "install.sh");
        var install = ExternalProcess.Run("bash", [script], list, new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_OUTPUT"] = runner.Combine("output"),
            ["GITHUB_PATH"] = runner.Combine("path"),
            ["RUNNER_TEMP"] = runner.Combine("temp"),
            ["ACTION_PATH"] = action,
            ["IMAGEGATE_VERSION"] = "",
        }, TimeSpan.FromMinutes(15));
        Assert.True(install.ExitCode == 0, install.StandardOutput + install.StandardError);

        var outputs = GitHubOutputs.Read(runner.Combine("output"));
        var tool = outputs["imagegate"];
        var toolDir = Path.GetDirectoryName(tool)!;
        var jobDir = Path.GetDirectoryName(toolDir)!;
        Assert.Equal("imagegate", Path.GetFileName(tool));
        Assert.StartsWith(runner.Combine("temp", "imagegate", "install."), jobDir, StringComparison.Ordinal); // a folder of this job, outside the workspace
        Assert.Equal(toolDir, File.ReadAllText(runner.Combine("path")).Trim());

        // A version no other package has: the base version, the build time and the action's commit.
        var version = outputs["version"];
        var match = CiVersion().Match(version);
        Assert.True(match.Success, $"version {version}");
        Assert.Equal(commit, match.Groups["commit"].Value);
        // Installed through a NuGet configuration that lists this job's package folder only.
        var config = File.ReadAllText(Path.Combine(jobDir, "nuget.config"));
        Assert.Contains("<clear />", config, StringComparison.Ordinal);
        Assert.Equal([Path.Combine(jobDir, "package")], Regex.Matches(config, "value=\"([^\"]*)\"").Select(m => m.Groups[1].Value));

        // The action's own pack makes the RID-specific packages; on linux-x64 the ReadyToRun one is installed.
        var packages = Directory.GetFiles(Path.Combine(jobDir, "package"), "ImageGate.Tool.*.nupkg").Select(Path.GetFileName).ToList();
        Assert.Contains($"ImageGate.Tool.{version}.nupkg", packages);
        Assert.Contains(packages, p => p!.StartsWith("ImageGate.Tool.linux-x64.", StringComparison.Ordinal));
        Assert.Contains(packages, p => p!.StartsWith("ImageGate.Tool.any.", StringComparison.Ordinal));
        Assert.DoesNotContain(packages, p => p!.Contains("planted", StringComparison.Ordinal));
        var store = Path.Combine(toolDir, ".store", "imagegate.tool");
        Assert.True(Directory.GetDirectories(store, "imagegate.tool.linux-x64", SearchOption.AllDirectories).Length == 1,
            "the linux-x64 (ReadyToRun) package was not installed");

        var reported = ExternalProcess.Run(tool, ["--version"]);
        Assert.Equal(0, reported.ExitCode);
        Assert.Equal(version, reported.StandardOutput.Trim().Split('+')[0]);

        var help = ExternalProcess.Run(tool, ["--help"]);
        Assert.Equal(0, help.ExitCode);
        foreach (var verb in new[] { "scan", "endorse", "recheck", "site" })
            Assert.Contains(verb, help.StandardOutput);
        Assert.Contains("--no-config", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--var-file", ExternalProcess.Run(tool, ["build", "--help"]).StandardOutput, StringComparison.Ordinal);

        var usage = ExternalProcess.Run(tool, ["scan"]);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("IMAGE", usage.StandardError);
    }
}
