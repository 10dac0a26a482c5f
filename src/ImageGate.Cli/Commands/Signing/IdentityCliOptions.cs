using System.CommandLine;
using ImageGate.Core.Errors;
using ImageGate.Signing.TrustRoot;
using ImageGate.Signing.Verification;

namespace ImageGate.Cli.Commands.Signing;

/// <summary>The one declaration of "who must have signed" that every verifying verb takes (<c>verify</c>,
/// <c>verify-bundle</c>, <c>site verify|sync|check</c>, <c>endorse</c>), with cosign's names; the rules behind them
/// are <see cref="VerificationPolicyOptions"/>'s (ImageGate.Signing).</summary>
public sealed partial class IdentityCliOptions
{
    /// <summary>Creates the options; <paramref name="trustedRootDescription"/> describes <c>--trusted-root</c> for the verb.</summary>
    public IdentityCliOptions(string trustedRootDescription = "Sigstore trusted_root.json (default: --tuf-url if given, else the embedded public-good root)")
        : this(trustedRootDescription, "", "")
    {
    }

    private IdentityCliOptions(string trustedRootDescription, string prefix, string subject)
    {
        Prefix = prefix;
        TrustedRoots = new TrustedRootOptions(trustedRootDescription);
        Identity = new($"--{prefix}certificate-identity") { Description = $"{subject}Expected signer identity (certificate SAN), exact" };
        IdentityRegexp = new($"--{prefix}certificate-identity-regexp") { Description = $"{subject}Expected signer identity as a regular expression (anchored)" };
        Issuer = new($"--{prefix}certificate-oidc-issuer") { Description = $"{subject}Expected OIDC issuer, exact (e.g. https://token.actions.githubusercontent.com)" };
        SourceRepository = new($"--{prefix}certificate-github-workflow-repository")
        {
            Description = $"{subject}GitHub repository (OWNER/REPO or URL) the signing workflow ran for (certificate extension 1.3.6.1.4.1.57264.1.12); required with a GitHub Actions identity",
        };
        SourceRef = new($"--{prefix}certificate-github-workflow-ref") { Description = $"{subject}Required git ref of that repository (e.g. refs/heads/main; extension 1.3.6.1.4.1.57264.1.14)" };
        SignerWorkflow = new($"--{prefix}certificate-github-workflow") { Description = $"{subject}Required signing workflow URI (certificate extension 1.3.6.1.4.1.57264.1.9)" };
        Key = new($"--{prefix}key") { Description = $"{subject}PEM public key, for bundles signed with a key" };
        IgnoreTlog = new($"--{prefix}insecure-ignore-tlog") { Description = $"{subject}Accept a key-signed bundle with no transparency log entry (air-gapped sites)" };
    }

    /// <summary>A second, optional identity with every option name prefixed <c>--image-</c> (<c>--image-certificate-identity</c>,
    /// <c>--image-key</c>, …): who must have signed the Sigstore bundles attached to the images (<c>site sync</c>), which in
    /// the GitHub flow is the build repository, not the list repository. It shares the verb's trusted root; add it with
    /// <see cref="AddWithoutTrustedRootTo"/>.</summary>
    public static IdentityCliOptions ForImageSigner() =>
        new("Sigstore trusted_root.json (default: --tuf-url if given, else the embedded public-good root)", "image-", "Image signer (bundles attached to the images; optional): ");

    /// <summary>The prefix of every option name after <c>--</c> (<c>image-</c> for <see cref="ForImageSigner"/>, else empty).</summary>
    public string Prefix { get; }

    /// <summary>The exact signer identity (certificate SAN).</summary>
    public Option<string?> Identity { get; }

    /// <summary>A regular expression for the signer identity.</summary>
    public Option<string?> IdentityRegexp { get; }

    /// <summary>The OIDC issuer.</summary>
    public Option<string?> Issuer { get; }

    /// <summary>GitHub repository the signing workflow ran for.</summary>
    public Option<string?> SourceRepository { get; }

    /// <summary>Git ref the signing workflow ran on.</summary>
    public Option<string?> SourceRef { get; }

    /// <summary>The signing workflow (build signer URI).</summary>
    public Option<string?> SignerWorkflow { get; }

    /// <summary>A public key for key-signed bundles.</summary>
    public Option<FileInfo?> Key { get; }

    /// <summary>Accept key bundles without a transparency log entry.</summary>
    public Option<bool> IgnoreTlog { get; }

    /// <summary>Where the trusted root comes from (<c>--trusted-root</c>, <c>--tuf-url</c>, <c>--tuf-root</c>, <c>--tuf-cache</c>).</summary>
    public TrustedRootOptions TrustedRoots { get; }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Identity, IdentityRegexp, Issuer, Key })
            command.Options.Add(o);
        TrustedRoots.AddTo(command);
        foreach (var o in new Option[] { SourceRepository, SourceRef, SignerWorkflow, IgnoreTlog })
            command.Options.Add(o);
    }

    /// <summary>Adds the identity options without the trusted-root ones (for <see cref="ForImageSigner"/>: the verb's
    /// <c>--trusted-root</c>/<c>--tuf-*</c> serve both identities).</summary>
    public void AddWithoutTrustedRootTo(Command command)
    {
        foreach (var o in new Option[] { Identity, IdentityRegexp, Issuer, Key, SourceRepository, SourceRef, SignerWorkflow, IgnoreTlog })
            command.Options.Add(o);
    }

    /// <summary>Adds only the keyless identity options (for <c>run</c>, whose <c>--key</c> and trusted-root options
    /// are its signing ones): the image's expected signer, passed on to <c>endorse</c>.</summary>
    public void AddKeylessIdentityTo(Command command)
    {
        foreach (var o in new Option[] { Identity, IdentityRegexp, Issuer, SourceRepository, SourceRef, SignerWorkflow })
            command.Options.Add(o);
    }

    /// <summary>The keyless identity options given (only those <see cref="AddKeylessIdentityTo"/> adds), for ImageGate.Signing's rules.</summary>
    public VerificationPolicyOptions ReadKeyless(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new VerificationPolicyOptions
        {
            CertificateIdentity = context.Get(Identity),
            CertificateIdentityRegexp = context.Get(IdentityRegexp),
            CertificateOidcIssuer = context.Get(Issuer),
            GitHubWorkflowRepository = context.Get(SourceRepository),
            GitHubWorkflowRef = context.Get(SourceRef),
            GitHubWorkflow = context.Get(SignerWorkflow),
        };
    }

    /// <summary>What the user said, for ImageGate.Signing's rules.</summary>
    public VerificationPolicyOptions Read(CommandContext context)
    {
        var keyFile = context.Get(Key);
        string? pem = null, source = null;
        if (keyFile is not null)
        {
            source = context.Environment.ResolvePath(keyFile.ToString());
            if (!File.Exists(source)) throw new BadInputException("public key file not found", source);
            if (new FileInfo(source).Length > 64 * 1024) throw new BadInputException("public key file is larger than 64 KiB", source);
            pem = File.ReadAllText(source);
        }
        return new VerificationPolicyOptions
        {
            CertificateIdentity = context.Get(Identity),
            CertificateIdentityRegexp = context.Get(IdentityRegexp),
            CertificateOidcIssuer = context.Get(Issuer),
            GitHubWorkflowRepository = context.Get(SourceRepository),
            GitHubWorkflowRef = context.Get(SourceRef),
            GitHubWorkflow = context.Get(SignerWorkflow),
            PublicKeyPem = pem,
            PublicKeySource = source,
            InsecureIgnoreTlog = context.Get(IgnoreTlog),
        };
    }

    /// <summary>The verification policy (bad or missing options end in exit 2).</summary>
    public VerificationPolicy BuildPolicy(CommandContext context) => ToPolicy(Read(context));

    /// <summary><paramref name="options"/>' policy by ImageGate.Signing's rules; their messages name this instance's
    /// options (<c>--image-key</c> rather than <c>--key</c> for <see cref="ForImageSigner"/>).</summary>
    public VerificationPolicy ToPolicy(VerificationPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return options.ToPolicy();
        }
        catch (BadInputException ex) when (Prefix.Length > 0)
        {
            throw new BadInputException(OptionNames().Replace(ex.Message, $"--{Prefix}$1"), ex.Path, ex);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\w-])--(certificate-[a-z-]+|key\b|insecure-ignore-tlog)")]
    private static partial System.Text.RegularExpressions.Regex OptionNames();

    /// <summary>The trusted root by precedence.</summary>
    public Task<TrustedRoot> ResolveTrustedRootAsync(CommandContext context, CancellationToken cancellationToken) =>
        TrustedRoots.ResolveAsync(context, cancellationToken);
}
