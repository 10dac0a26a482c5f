using System.CommandLine;
using ImageGate.Core.Errors;
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
        foreach (var o in new Option[] { Bundle, Identity, IdentityRegexp, Issuer, Key })
            Options.Add(o);
        TrustedRoots.AddTo(this);
        foreach (var o in new Option[] { SourceRepository, SourceRef, SignerWorkflow, IgnoreTlog })
            Options.Add(o);
    }

    /// <summary>The artifact file, or <c>sha256:&lt;hex&gt;</c>.</summary>
    public Argument<string> Artifact { get; } = new("FILE_OR_DIGEST") { Description = "The signed file, or sha256:<hex> to check a digest" };

    /// <summary>The Sigstore bundle.</summary>
    public Option<FileInfo> Bundle { get; } = new("--bundle") { Description = "Sigstore bundle (.sigstore.json)", Required = true };

    /// <summary>The exact signer identity (certificate SAN).</summary>
    public Option<string?> Identity { get; } = new("--certificate-identity") { Description = "Expected signer identity (SAN), exact" };

    /// <summary>A regular expression for the signer identity.</summary>
    public Option<string?> IdentityRegexp { get; } = new("--certificate-identity-regexp") { Description = "Expected signer identity as a regular expression (anchored)" };

    /// <summary>The OIDC issuer.</summary>
    public Option<string?> Issuer { get; } = new("--certificate-oidc-issuer") { Description = "Expected OIDC issuer, exact" };

    /// <summary>A public key for key-signed bundles.</summary>
    public Option<FileInfo?> Key { get; } = new("--key") { Description = "PEM public key, for bundles signed with a key" };

    /// <summary>Where the trusted root comes from (<c>--trusted-root</c>, <c>--tuf-url</c>, <c>--tuf-root</c>, <c>--tuf-cache</c>).</summary>
    public TrustedRootOptions TrustedRoots { get; } = new("Sigstore trusted_root.json (default: --tuf-url if given, else the embedded public-good root)");

    /// <summary>The trusted root file.</summary>
    public Option<FileInfo?> TrustedRootFile => TrustedRoots.File;

    /// <summary>GitHub source repository the signing workflow must have run in.</summary>
    public Option<string?> SourceRepository { get; } = new("--certificate-github-workflow-repository") { Description = "Required GitHub repository (owner/name or URL) of the signing workflow" };

    /// <summary>Git ref the signing workflow must have run on.</summary>
    public Option<string?> SourceRef { get; } = new("--certificate-github-workflow-ref") { Description = "Required git ref of the signing workflow (e.g. refs/heads/main)" };

    /// <summary>The signing workflow (build signer URI).</summary>
    public Option<string?> SignerWorkflow { get; } = new("--certificate-github-workflow") { Description = "Required signing workflow URI (certificate extension 1.3.6.1.4.1.57264.1.9)" };

    /// <summary>Accept key bundles without a transparency log entry.</summary>
    public Option<bool> IgnoreTlog { get; } = new("--insecure-ignore-tlog") { Description = "Accept key-signed bundles with no transparency log entry (air-gapped sites)" };

    /// <summary>The verification policy from the options.</summary>
    protected VerificationPolicy BuildPolicy(CommandContext context)
    {
        var keyFile = context.Get(Key);
        var identity = context.Get(Identity);
        var regexp = context.Get(IdentityRegexp);
        var issuer = context.Get(Issuer);
        var ignoreTlog = context.Get(IgnoreTlog);
        if (keyFile is not null)
        {
            if (identity is not null || regexp is not null)
                throw new BadInputException("give either --key or --certificate-identity/--certificate-oidc-issuer, not both");
            return VerificationPolicy.ForPublicKeyFile(context.Environment.ResolvePath(keyFile.ToString())) with { RequireTransparencyLog = !ignoreTlog };
        }
        if (ignoreTlog) throw new BadInputException("--insecure-ignore-tlog applies only to key-signed bundles (--key)");
        if (identity is null == regexp is null)
            throw new BadInputException("give exactly one of --certificate-identity or --certificate-identity-regexp (or --key)");
        if (string.IsNullOrEmpty(issuer)) throw new BadInputException("--certificate-oidc-issuer is required with a certificate identity");
        var repo = context.Get(SourceRepository);
        if (repo is not null && !repo.Contains("://", StringComparison.Ordinal)) repo = "https://github.com/" + repo;
        return VerificationPolicy.ForIdentity(new CertificateIdentity
        {
            SubjectAlternativeName = identity,
            SubjectAlternativeNamePattern = regexp,
            Issuer = issuer,
            SourceRepositoryUri = repo,
            SourceRepositoryRef = context.Get(SourceRef),
            BuildSignerUri = context.Get(SignerWorkflow),
        });
    }

    /// <summary>The trusted root: <c>--trusted-root</c>, else through <c>--tuf-url</c>, else the embedded public-good root.</summary>
    protected Task<TrustedRoot> LoadTrustedRootAsync(CommandContext context, CancellationToken cancellationToken) =>
        TrustedRoots.ResolveAsync(context, cancellationToken);

    /// <summary>Runs the verification against <paramref name="root"/> and returns its result (throws on failure).</summary>
    protected VerificationResult RunVerification(CommandContext context, TrustedRoot root)
    {
        var policy = BuildPolicy(context);
        var artifact = VerificationArtifact.Parse(context.Get(Artifact)!, context.Environment.WorkingDirectory);
        var bundle = context.Environment.ResolvePath(context.Get(Bundle)!.ToString());
        return new BundleVerifier(root).VerifyFile(bundle, artifact, policy);
    }
}
