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

        // build
        root.Subcommands.Add(new PlaceholderCommand("build", "Run Packer and collect the disk images it made", "Packer build and Action", env));
        // inspect and scan
        root.Subcommands.Add(new PlaceholderCommand("ls", "List files inside a disk image", "Disk image reader I", env));
        root.Subcommands.Add(new PlaceholderCommand("cat", "Write a file inside a disk image to standard output", "Disk image reader I", env));
        root.Subcommands.Add(new Scan.ScanCommand(env));
        root.Subcommands.Add(new Scan.InventoryCommand(env));
        root.Subcommands.Add(new Scan.PolicyCommand(env));
        // sign and verify
        root.Subcommands.Add(new PlaceholderCommand("sign", "Sign a file's digest with Sigstore (keyless) or a key", "Sigstore signing", env));
        root.Subcommands.Add(new PlaceholderCommand("sign-bundle", "Sign a file (sigstore-conformance protocol)", "Sigstore signing", env));
        root.Subcommands.Add(new PlaceholderCommand("verify-bundle", "Verify a Sigstore bundle (sigstore-conformance protocol)", "Sigstore signing", env));
        root.Subcommands.Add(new PlaceholderCommand("verify", "Verify a signed image or endorsed list", "Sigstore signing", env));
        root.Subcommands.Add(new PlaceholderCommand("generate-key-pair", "Generate an ECDSA P-256 signing key pair", "Sigstore signing", env));
        // endorse and publish
        root.Subcommands.Add(new PlaceholderCommand("endorse", "Open a pull request endorsing an image in the list repository", "Endorsed list repository", env));
        root.Subcommands.Add(new PlaceholderCommand("revoke", "Open a pull request revoking an endorsed image", "Endorsed list repository", env));
        root.Subcommands.Add(new PlaceholderCommand("history", "Show every endorsement and revocation", "Endorsed list repository", env));
        root.Subcommands.Add(new PlaceholderCommand("publish", "Compose and sign the list of currently endorsed images", "Endorsed list repository", env));
        // pipeline
        root.Subcommands.Add(new PlaceholderCommand("run", "Build, scan, sign and endorse in one go", "Packer build and Action", env));
        root.Subcommands.Add(new PlaceholderCommand("recheck", "Re-check endorsed images against today's security updates", "Packer build and Action", env));
        // sites
        root.Subcommands.Add(new PlaceholderCommand("site", "Site tools: sync the endorsed images, check an image", "Site side", env));
        return root;
    }
}
