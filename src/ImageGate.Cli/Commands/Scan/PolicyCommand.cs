using System.CommandLine;
using ImageGate.Scanning.Policy;
using ImageGate.Scanning.Rules;
using ImageGate.Scanning.Licences;

namespace ImageGate.Cli.Commands.Scan;

/// <summary><c>imagegate policy show</c>: prints the embedded default policy (or checks and summarises a policy file).</summary>
public sealed class PolicyCommand : Command
{
    /// <summary>Creates the verb group.</summary>
    public PolicyCommand(CliEnvironment env) : base("policy", "Show the embedded default policy")
    {
        Subcommands.Add(new PolicyShowCommand(env));
    }
}

/// <summary><c>imagegate policy show [--policy FILE]</c>.</summary>
public sealed class PolicyShowCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public PolicyShowCommand(CliEnvironment env) : base("show", "Print the embedded default policy (YAML); with --policy, validate FILE and print it", env)
    {
        Options.Add(Policy);
    }

    /// <summary>A policy file to validate and print.</summary>
    public Option<FileInfo?> Policy { get; } = new("--policy") { Description = "Validate this policy file (over the default) and print it" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var file = context.Get(Policy);
        if (file is null)
        {
            await context.Environment.Out.WriteAsync(PolicyLoader.DefaultText).ConfigureAwait(false);
            return ExitCodes.Passed;
        }
        var path = context.Environment.ResolvePath(file.ToString());
        var policy = PolicyLoader.Load(path);
        await context.Environment.Out.WriteAsync(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        await context.Environment.Error.WriteLineAsync($"imagegate policy: {path} is valid: {policy.Rules.Count} rule settings, {policy.ContentSkips.Count} content skips, {policy.Waivers.Count} waivers").ConfigureAwait(false);
        await context.Environment.Error.WriteLineAsync($"imagegate policy: licences: {policy.Licences.Describe()}; " +
            $"{LicenceRules.NonFree} {Describe(policy, LicenceRules.NonFree)}, {LicenceRules.Unknown} {Describe(policy, LicenceRules.Unknown)}, " +
            $"{policy.Waivers.Count(w => w.RuleId == "licences/*")} licence exceptions").ConfigureAwait(false);
        return ExitCodes.Passed;
    }

    private static string Describe(ScanPolicy policy, string ruleId) =>
        !policy.IsEnabled(ruleId) ? "off" : policy.SeverityOf(ruleId, ImageGate.Scanning.Rules.Severity.Medium).ToName();
}
