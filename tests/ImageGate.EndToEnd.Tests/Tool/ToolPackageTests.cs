using ImageGate.Testing;

namespace ImageGate.EndToEnd.Tests.Tool;

public sealed class ToolPackageTests
{
    private static string Configuration =>
        AppContext.BaseDirectory.Contains("/release", StringComparison.Ordinal) ? "Release" : "Debug";

    [Fact]
    public void The_packed_global_tool_installs_and_answers_version_and_help()
    {
        using var tmp = new TempDirectory();
        var project = Path.Combine(Repository.Root, "src", "ImageGate.Cli", "ImageGate.Cli.csproj");
        // Not --no-build: the RID-specific packages (linux-x64 ReadyToRun, portable 'any') are built by the pack itself.
        var pack = ExternalProcess.Run("dotnet", ["pack", project, "-c", Configuration, "-o", tmp.Combine("pkg"), "-nologo"],
            timeout: TimeSpan.FromMinutes(10));
        Assert.True(pack.ExitCode == 0, pack.StandardOutput + pack.StandardError);
        var packages = Directory.GetFiles(tmp.Combine("pkg"), "ImageGate.Tool.*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, packages.Count);
        Assert.Contains(packages, p => p!.StartsWith("ImageGate.Tool.linux-x64.", StringComparison.Ordinal));
        Assert.Contains(packages, p => p!.StartsWith("ImageGate.Tool.any.", StringComparison.Ordinal));
        var nupkg = Assert.Single(packages, p => char.IsAsciiDigit(p!["ImageGate.Tool.".Length]))!;

        var install = ExternalProcess.Run("dotnet", ["tool", "install", "ImageGate.Tool", "--tool-path", tmp.Combine("tool"),
            "--add-source", tmp.Combine("pkg"), "--version", Path.GetFileNameWithoutExtension(nupkg)["ImageGate.Tool.".Length..]],
            timeout: TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, install.StandardOutput + install.StandardError);

        // On linux-x64 the ReadyToRun package is the one installed.
        Assert.True(Directory.Exists(tmp.Combine("tool", ".store", "imagegate.tool", Path.GetFileNameWithoutExtension(nupkg)["ImageGate.Tool.".Length..], "imagegate.tool.linux-x64")),
            "the linux-x64 (ReadyToRun) package was not installed");

        var tool = tmp.Combine("tool", "imagegate");
        var version = ExternalProcess.Run(tool, ["--version"]);
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.StandardOutput.Trim());

        var help = ExternalProcess.Run(tool, ["--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("scan", help.StandardOutput);

        var usage = ExternalProcess.Run(tool, ["scan"]);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("IMAGE", usage.StandardError);
    }
}
