using System.CommandLine;
using ImageGate.Core.Errors;
using ImageGate.Signing.Keys;

namespace ImageGate.Cli.Commands.Signing;

/// <summary><c>imagegate generate-key-pair [--output-key-prefix P]</c>: writes P.key (PKCS#8 PEM, encrypted when
/// IMAGEGATE_KEY_PASSWORD or COSIGN_PASSWORD is set; cosign's format with <c>--cosign</c>) and P.pub.</summary>
public sealed class GenerateKeyPairCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public GenerateKeyPairCommand(CliEnvironment env) : base("generate-key-pair", "Generate an ECDSA P-256 signing key pair", env)
    {
        Options.Add(Prefix);
        Options.Add(Cosign);
        Options.Add(Force);
    }

    /// <summary>File name prefix.</summary>
    public Option<string> Prefix { get; } = new("--output-key-prefix") { Description = "Write PREFIX.key and PREFIX.pub", DefaultValueFactory = _ => "imagegate" };

    /// <summary>Write cosign's encrypted key format.</summary>
    public Option<bool> Cosign { get; } = new("--cosign") { Description = "Write the private key in cosign's encrypted format (needs a password)" };

    /// <summary>Overwrite existing files.</summary>
    public Option<bool> Force { get; } = new("--force") { Description = "Overwrite existing key files" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var prefix = env.ResolvePath(context.Get(Prefix)!);
        var keyPath = prefix + ".key";
        var pubPath = prefix + ".pub";
        if (!context.Get(Force) && (File.Exists(keyPath) || File.Exists(pubPath)))
            throw new BadInputException("the key file already exists (use --force to overwrite)", File.Exists(keyPath) ? keyPath : pubPath);
        var password = env.Get("IMAGEGATE_KEY_PASSWORD") ?? env.Get("COSIGN_PASSWORD");
        if (context.Get(Cosign) && password is null)
            throw new BadInputException("--cosign keys are always encrypted: set IMAGEGATE_KEY_PASSWORD or COSIGN_PASSWORD");
        using var key = SigningKey.Generate();
        var privatePem = context.Get(Cosign) ? key.ExportCosignPrivateKeyPem(password!) : key.ExportPrivateKeyPem(password);
        await KeyFiles.WritePrivateKeyAsync(keyPath, privatePem, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(pubPath, key.PublicKeyPem, cancellationToken).ConfigureAwait(false);
        await env.Out.WriteLineAsync($"Private key written to {keyPath}{(password is null ? " (not encrypted: set IMAGEGATE_KEY_PASSWORD to encrypt)" : " (encrypted)")}").ConfigureAwait(false);
        await env.Out.WriteLineAsync($"Public key written to {pubPath}").ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
