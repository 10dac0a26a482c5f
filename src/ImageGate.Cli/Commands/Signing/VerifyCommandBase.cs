using System.CommandLine;
using ImageGate.Signing.TrustRoot;
using ImageGate.Signing.Verification;

namespace ImageGate.Cli.Commands.Signing;

/// <summary>The options <c>verify-bundle</c> and <c>verify</c> share (sigstore-conformance and cosign names).</summary>
public abstract class VerifyCommandBase : VerbCommand
{
    /// <summary>Creates the verb and registers the shared options.</summary>
    protected VerifyCommandBase(string name, string description, CliEnvironment env) : base(name, description, env)
    {
        Arguments.Add(Artifact);
        Options.Add(Bundle);
        Signer.AddTo(this);
    }

    /// <summary>The artifact file, or <c>sha256:&lt;hex&gt;</c>.</summary>
    public Argument<string> Artifact { get; } = new("FILE_OR_DIGEST") { Description = "The signed file, or sha256:<hex> to check a digest" };

    /// <summary>The Sigstore bundle.</summary>
    public Option<FileInfo> Bundle { get; } = new("--bundle") { Description = "Sigstore bundle (.sigstore.json)", Required = true };

    /// <summary>Who must have signed (the options every verifying verb shares).</summary>
    public IdentityCliOptions Signer { get; } = new();

    /// <summary>The trusted root file.</summary>
    public Option<FileInfo?> TrustedRootFile => Signer.TrustedRoots.File;

    /// <summary>True for the sigstore-conformance protocol, whose cases pin GitHub workflow identities without a repository.</summary>
    protected virtual bool IsConformanceProtocol => false;

    /// <summary>The verification policy from the options.</summary>
    protected VerificationPolicy BuildPolicy(CommandContext context) =>
        (Signer.Read(context) with { UnsafeAllowUnpinnedWorkflowIdentity = IsConformanceProtocol }).ToPolicy();

    /// <summary>The trusted root: <c>--trusted-root</c>, else through <c>--tuf-url</c>, else the embedded public-good root.</summary>
    protected Task<TrustedRoot> LoadTrustedRootAsync(CommandContext context, CancellationToken cancellationToken) =>
        Signer.ResolveTrustedRootAsync(context, cancellationToken);

    /// <summary>Runs the verification against <paramref name="root"/> and returns its result (throws on failure).</summary>
    protected VerificationResult RunVerification(CommandContext context, TrustedRoot root)
    {
        var policy = BuildPolicy(context);
        var artifact = VerificationArtifact.Parse(context.Get(Artifact)!, context.Environment.WorkingDirectory);
        var bundle = context.Environment.ResolvePath(context.Get(Bundle)!.ToString());
        return new BundleVerifier(root, context.Environment.Time).VerifyFile(bundle, artifact, policy);
    }
}
