using ImageGate.Cli.GitHubActions;
using ImageGate.Testing;

namespace ImageGate.Cli.Tests.GitHubActions;

public sealed class WorkflowCommandGuardTests
{
    private const string Key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n";

    // Lines the runner would read as workflow commands (it trims leading white space; "##[" is the old form).
    private static List<string> Commands(string output) =>
        [.. output.Split('\n', '\r').Where(l => l.TrimStart().StartsWith("::", StringComparison.Ordinal) || l.TrimStart().StartsWith("##[", StringComparison.Ordinal))];

    private static void WriteFile(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task Scan_in_actions_mode_prints_no_workflow_command_from_file_names_or_the_os_name_of_the_image()
    {
        using var tmp = new TempDirectory();
        // an image as a folder tree (file names may hold line breaks on Linux, as in any ext4 image)
        var image = Directory.CreateDirectory(tmp.Combine("image")).FullName;
        WriteFile(image, "etc/os-release", "NAME=\"::error::pwned\"\nPRETTY_NAME=\"::error::pwned\"\nID=debian\nVERSION_ID=\"12\"\n");
        WriteFile(image, "root/.ssh/::set-output name=x::y", Key);
        WriteFile(image, "root/.ssh/x\n::set-output name=x::y\n  ::add-mask::z\r##[set-env name=A;]b\n/id_rsa", Key);
        var vars = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = tmp.Combine("output"), ["GITHUB_STEP_SUMMARY"] = tmp.Combine("summary"), ["RUNNER_TEMP"] = tmp.Path };

        var r = await CliRunner.RunAsync(["scan", "--no-patch-check", image], vars);

        Assert.True(r.ExitCode == ExitCodes.GateFailed, r.StandardError);
        Assert.Contains("::error::pwned", r.StandardOutput, StringComparison.Ordinal); // the OS name is printed, but not as a command
        Assert.Contains("set-output name=x::y", r.StandardOutput, StringComparison.Ordinal);
        var commands = Commands(r.StandardOutput).Concat(Commands(r.StandardError)).ToList();
        // only the tool's own annotations, one per failing finding, each on a line of its own
        Assert.Equal(2, commands.Count);
        Assert.All(commands, c => Assert.StartsWith("::error::credentials/ssh-user-key: ", c, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("::set-output name=x::y\n", "\\::set-output name=x::y\n")]
    [InlineData("  ::error::pwned\n", "\\  ::error::pwned\n")]
    [InlineData("a\r\n##[set-env name=A;]b\n", "a\r\n\\##[set-env name=A;]b\n")]
    [InlineData("ok ::not-at-start::\n", "ok ::not-at-start::\n")]
    [InlineData(": one colon\n#comment\n", ": one colon\n#comment\n")]
    public void A_line_that_would_start_a_workflow_command_is_prefixed(string written, string expected)
    {
        var inner = new StringWriter();
        var guard = new WorkflowCommandGuard(inner);
        guard.Write(written);
        Assert.Equal(expected, inner.ToString());
    }

    [Fact]
    public void A_command_split_across_writes_and_flushes_is_still_caught()
    {
        var inner = new StringWriter();
        var guard = new WorkflowCommandGuard(inner);
        foreach (var part in new[] { " ", ":", "", ":set-output", " name=x::y\n", "#", "#", "[x]\n" })
        {
            guard.Write(part);
            guard.Flush();
        }
        Assert.Equal("\\ ::set-output name=x::y\n\\##[x]\n", inner.ToString());
    }

    [Fact]
    public void The_tools_own_commands_pass_on_a_line_of_their_own()
    {
        var inner = new StringWriter();
        var guard = new WorkflowCommandGuard(inner);
        guard.Write("partial");
        WorkflowCommandGuard.WriteCommand(guard, WorkflowCommands.Error("a\n::b"));
        guard.Write(":");
        WorkflowCommandGuard.Finish(guard);
        Assert.Equal("partial\n::error::a%0A::b\n\\:", inner.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => WorkflowCommandGuard.WriteCommand(guard, "::error::a\n::set-env x"));
    }

    [Fact]
    public void A_captured_steps_own_commands_go_to_the_real_output_and_its_text_stays_guarded()
    {
        var outer = new StringWriter();
        var guard = new WorkflowCommandGuard(outer);
        var captured = new StringWriter();
        var capture = new WorkflowCommandGuard(captured, guard);

        WorkflowCommandGuard.WriteCommand(capture, WorkflowCommands.Mask("ghs_secret"));
        capture.Write("{\"name\": \"x\n::set-env name=A::b\"}\n");
        guard.Write(captured.ToString());

        Assert.Equal("::add-mask::ghs_secret\n{\"name\": \"x\n\\::set-env name=A::b\"}\n", outer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
