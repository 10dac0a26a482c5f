namespace ImageGate.Cli.Commands.Signing;

/// <summary><c>imagegate verify-bundle</c>: the sigstore-conformance verification protocol; exit 0 when the
/// bundle verifies, 1 with the failing check otherwise.</summary>
public sealed class VerifyBundleCommand : VerifyCommandBase
{
    /// <summary>Creates the verb.</summary>
    public VerifyBundleCommand(CliEnvironment env)
        : base("verify-bundle", "Verify a Sigstore bundle (sigstore-conformance protocol)", env) { }

    /// <inheritdoc />
    protected override bool IsConformanceProtocol => true;

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var result = RunVerification(context, await LoadTrustedRootAsync(context, cancellationToken).ConfigureAwait(false));
        await context.Environment.Out.WriteLineAsync($"Verified OK: {result.ArtifactDigest} signed by {result.SubjectAlternativeName ?? "the given key"}").ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
