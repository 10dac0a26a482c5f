using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_verb_and_the_exit_codes()
    {
        var r = await CliRunner.RunAsync(["--help"]);
        Assert.Equal(0, r.ExitCode);
        // The verbs are the first word of each entry of the Commands section (not words of the description above it,
        // nor of a wrapped description, whose lines are indented further).
        var verbs = r.StandardOutput.ReplaceLineEndings("\n").Split('\n')
            .SkipWhile(l => l.Trim() != "Commands:").Skip(1)
            .TakeWhile(l => l.Length == 0 || l.StartsWith("  ", StringComparison.Ordinal))
            .Where(l => l.Length > 2 && l[2] != ' ')
            .Select(l => l.Trim().Split(' ')[0])
            .ToList();
        Assert.Equal(["build", "ls", "cat", "scan", "inventory", "policy", "sign", "sign-bundle", "verify-bundle", "verify",
            "generate-key-pair", "trusted-root", "endorse", "revoke", "history", "publish", "push", "pull", "run", "recheck", "site"], verbs);
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
