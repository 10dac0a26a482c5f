using System.CommandLine;

namespace ImageGate.Cli.Commands.Signing;

/// <summary><c>imagegate trusted-root</c>: the Sigstore trusted root and its TUF repository (<c>update</c>).</summary>
public sealed class TrustedRootCommand : Command
{
    /// <summary>Creates the command with its subcommands.</summary>
    public TrustedRootCommand(CliEnvironment env) : base("trusted-root", "The Sigstore trusted root: refresh it through its TUF repository")
    {
        Subcommands.Add(new TrustedRootUpdateCommand(env));
    }
}
