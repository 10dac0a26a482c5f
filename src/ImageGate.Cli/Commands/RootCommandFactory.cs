using System.CommandLine;

namespace ImageGate.Cli.Commands;

/// <summary>Builds the <c>imagegate</c> command tree, one class per verb, in pipeline order.</summary>
public static class RootCommandFactory
{
    /// <summary>The root command with every verb.</summary>
    public static RootCommand Create(CliEnvironment env)
    {
        var root = new RootCommand(
            "ImageGate: build, scan, sign, endorse and verify virtual machine images for research infrastructures.\n" +
            "Exit codes: 0 passed, 1 gate or verification failed, 2 bad input or usage, 3 unexpected.");
        root.Options.Add(CliConfiguration.ConfigOption);
        root.Options.Add(CliConfiguration.NoConfigOption);

        // build
        root.Subcommands.Add(new Build.BuildCommand(env));
        // inspect and scan
        root.Subcommands.Add(new Disk.LsCommand(env));
        root.Subcommands.Add(new Disk.CatCommand(env));
        root.Subcommands.Add(new Scan.ScanCommand(env));
        root.Subcommands.Add(new Scan.InventoryCommand(env));
        root.Subcommands.Add(new Scan.PolicyCommand(env));
        // sign and verify
        root.Subcommands.Add(new Signing.SignCommand(env));
        root.Subcommands.Add(new Signing.SignBundleCommand(env));
        root.Subcommands.Add(new Signing.VerifyBundleCommand(env));
        root.Subcommands.Add(new Signing.VerifyCommand(env));
        root.Subcommands.Add(new Signing.GenerateKeyPairCommand(env));
        root.Subcommands.Add(new Signing.TrustedRootCommand(env));
        // endorse and publish
        root.Subcommands.Add(new Endorsement.EndorseCommand(env));
        root.Subcommands.Add(new Endorsement.RevokeCommand(env));
        root.Subcommands.Add(new Endorsement.HistoryCommand(env));
        root.Subcommands.Add(new Endorsement.PublishCommand(env));
        root.Subcommands.Add(new Distribution.PushCommand(env));
        root.Subcommands.Add(new Distribution.PullCommand(env));
        // pipeline
        root.Subcommands.Add(new Pipeline.RunCommand(env));
        root.Subcommands.Add(new Endorsement.RecheckCommand(env));
        // sites
        root.Subcommands.Add(new Site.SiteCommand(env));
        return root;
    }
}
