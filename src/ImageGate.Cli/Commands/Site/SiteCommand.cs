using System.CommandLine;

namespace ImageGate.Cli.Commands.Site;

/// <summary><c>imagegate site</c>: the verbs sites run (<c>sync</c>, <c>check</c>, <c>verify</c>).</summary>
public sealed class SiteCommand : Command
{
    /// <summary>Creates the command with its subcommands.</summary>
    public SiteCommand(CliEnvironment env) : base("site", "Site tools: sync the endorsed images into a cache, check an image, verify a list")
    {
        Subcommands.Add(new SiteSyncCommand(env));
        Subcommands.Add(new SiteCheckCommand(env));
        Subcommands.Add(new SiteVerifyCommand(env));
    }
}
