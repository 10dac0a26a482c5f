using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_verb_and_the_exit_codes()
    {
        var r = await CliRunner.RunAsync(["--help"]);
        Assert.Equal(0, r.ExitCode);
        foreach (var verb in new[] { "build", "scan", "inventory", "sign", "verify", "endorse", "revoke", "publish", "history", "site", "run", "ls", "cat" })
            Assert.Contains(verb, r.StandardOutput);
        Assert.Contains("2 bad input", r.StandardOutput);
    }

    [Fact]
    public async Task Version_prints_the_assembly_version()
    {
        var r = await CliRunner.RunAsync(["--version"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", r.StandardOutput.Trim());
    }

    [Fact]
    public async Task Scan_help_describes_its_argument()
    {
        var r = await CliRunner.RunAsync(["scan", "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("IMAGE", r.StandardOutput);
    }

    [Fact]
    public async Task A_missing_required_argument_exits_2_with_a_message()
    {
        var r = await CliRunner.RunAsync(["scan"]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("IMAGE", r.StandardError);
        Assert.DoesNotContain("   at ", r.StandardError);
    }

    [Fact]
    public async Task An_unknown_verb_exits_2()
    {
        var r = await CliRunner.RunAsync(["frobnicate"]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("frobnicate", r.StandardError);
    }

    [Fact]
    public async Task A_missing_input_file_exits_2_naming_the_file_without_a_stack_trace()
    {
        var r = await CliRunner.RunAsync(["scan", "/nonexistent/disk.qcow2"]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("/nonexistent/disk.qcow2", r.StandardError);
        Assert.DoesNotContain("   at ", r.StandardError);
    }

    [Fact]
    public async Task A_missing_config_file_exits_2()
    {
        using var tmp = new TempDirectory();
        var r = await CliRunner.RunAsync(["scan", tmp.Path, "--config", tmp.Combine("absent.yaml")]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("absent.yaml", r.StandardError);
    }
}
