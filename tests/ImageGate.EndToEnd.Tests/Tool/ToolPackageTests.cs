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
        var pack = ExternalProcess.Run("dotnet", ["pack", project, "-c", Configuration, "--no-build", "-o", tmp.Combine("pkg"), "-nologo"],
            timeout: TimeSpan.FromMinutes(5));
        Assert.True(pack.ExitCode == 0, pack.StandardOutput + pack.StandardError);
        var nupkg = Assert.Single(Directory.GetFiles(tmp.Combine("pkg"), "ImageGate.Tool.*.nupkg"));

        var install = ExternalProcess.Run("dotnet", ["tool", "install", "ImageGate.Tool", "--tool-path", tmp.Combine("tool"),
            "--add-source", tmp.Combine("pkg"), "--version", Path.GetFileNameWithoutExtension(nupkg)["ImageGate.Tool.".Length..]],
            timeout: TimeSpan.FromMinutes(5));
        Assert.True(install.ExitCode == 0, install.StandardOutput + install.StandardError);

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
