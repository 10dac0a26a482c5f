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
}
