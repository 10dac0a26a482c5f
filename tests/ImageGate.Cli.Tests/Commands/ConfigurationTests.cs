using System.CommandLine;
using ImageGate.Cli.Commands;
using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands;

public sealed class ConfigurationTests
{
    private static readonly Option<string> FailOn = new("--fail-on") { DefaultValueFactory = _ => "high" };

    private static string Resolve(string[] args, Dictionary<string, string> vars, string workingDirectory, string? file = null, string? text = null)
    {
        if (file is not null) File.WriteAllText(Path.Combine(workingDirectory, file), text);
        var command = new Command("scan") { FailOn };
        var root = new RootCommand { command };
        root.Options.Add(CliConfiguration.ConfigOption);
        root.Options.Add(CliConfiguration.NoConfigOption);
        var parsed = root.Parse(["scan", .. args]);
        var env = new CliEnvironment(TextWriter.Null, TextWriter.Null, vars, workingDirectory);
        var context = new CommandContext(parsed, env, CliConfiguration.Load(parsed, env));
        return context.Get(FailOn)!;
    }

    [Fact]
    public void Without_configuration_the_default_applies()
    {
        using var tmp = new TempDirectory();
        Assert.Equal("high", Resolve([], [], tmp.Path));
    }

    [Fact]
    public void A_yaml_file_in_the_working_directory_sets_a_verb_option()
    {
        using var tmp = new TempDirectory();
        Assert.Equal("low", Resolve([], [], tmp.Path, "imagegate.yaml", "scan:\n  fail-on: low\n"));
    }

    [Fact]
    public void A_json_file_sets_a_verb_option()
    {
        using var tmp = new TempDirectory();
        Assert.Equal("medium", Resolve([], [], tmp.Path, "imagegate.json", """{ "scan": { "failOn": "medium" } }"""));
    }

    [Fact]
    public void An_environment_variable_wins_over_the_file()
    {
        using var tmp = new TempDirectory();
        Assert.Equal("critical", Resolve([], new() { ["IMAGEGATE_SCAN__FAIL_ON"] = "critical" }, tmp.Path, "imagegate.yaml", "scan:\n  fail-on: low\n"));
    }

    [Fact]
    public void A_flag_wins_over_environment_and_file()
    {
        using var tmp = new TempDirectory();
        Assert.Equal("info", Resolve(["--fail-on", "info"], new() { ["IMAGEGATE_SCAN__FAIL_ON"] = "critical" }, tmp.Path, "imagegate.yaml", "scan:\n  fail-on: low\n"));
    }

    [Fact]
    public void An_explicit_config_file_is_used()
    {
        using var tmp = new TempDirectory();
        File.WriteAllText(tmp.Combine("other.yml"), "fail-on: medium\n");
        Assert.Equal("medium", Resolve(["--config", tmp.Combine("other.yml")], [], tmp.Path));
    }

    [Fact]
    public void A_malformed_yaml_file_is_bad_input_naming_the_file()
    {
        using var tmp = new TempDirectory();
        var ex = Assert.Throws<Core.Errors.BadInputException>(() => Resolve([], [], tmp.Path, "imagegate.yaml", "scan: [unclosed\n"));
        Assert.Contains("imagegate.yaml", ex.Message);
    }

    [Fact]
    public void With_no_config_a_file_in_the_working_directory_is_not_read_but_variables_still_are()
    {
        using var tmp = new TempDirectory();
        Assert.Equal("high", Resolve(["--no-config"], [], tmp.Path, "imagegate.yaml", "scan:\n  fail-on: low\n"));
        Assert.Equal("high", Resolve([], new() { ["IMAGEGATE_NO_CONFIG"] = "1" }, tmp.Path, "imagegate.json", """{ "scan": { "failOn": "low" } }"""));
        Assert.Equal("critical", Resolve(["--no-config"], new() { ["IMAGEGATE_SCAN__FAIL_ON"] = "critical" }, tmp.Path));
    }

    [Fact]
    public void No_config_and_an_explicit_config_file_exclude_each_other()
    {
        using var tmp = new TempDirectory();
        File.WriteAllText(tmp.Combine("other.yml"), "fail-on: medium\n");
        var ex = Assert.Throws<Core.Errors.BadInputException>(() => Resolve(["--config", tmp.Combine("other.yml")], new() { ["IMAGEGATE_NO_CONFIG"] = "true" }, tmp.Path));
        Assert.Contains("--no-config", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_with_no_config_ignores_a_planted_configuration_in_the_working_directory()
    {
        // The list repository's imagegate.yaml would send the job's OIDC token to another Fulcio: with --no-config the
        // tool never sees it (here it stops, as planned, for want of any OIDC token; the planted token is not used).
        using var tmp = new TempDirectory();
        File.WriteAllText(tmp.Combine("imagegate.yaml"), "publish:\n  identity-token: planted.token.value\n  fulcio-url: not a url\n  expires-at: 2099-01-01T00:00:00Z\n");
        var planted = await CliRunner.RunAsync(["publish", "--list-repo", tmp.Path, "--output", tmp.Combine("out")], workingDirectory: tmp.Path);
        var ignored = await CliRunner.RunAsync(["publish", "--no-config", "--list-repo", tmp.Path, "--output", tmp.Combine("out")], workingDirectory: tmp.Path);

        // read: the planted token is used (and refused as malformed); not read: the job's own OIDC token is asked for
        Assert.DoesNotContain("no identity token", planted.StandardError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, ignored.ExitCode);
        Assert.Contains("no identity token", ignored.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tmp.Combine("out")) && Directory.EnumerateFileSystemEntries(tmp.Combine("out")).Any());
    }
}
