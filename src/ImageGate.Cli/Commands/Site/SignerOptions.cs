using System.CommandLine;
using ImageGate.Cli.Commands.Signing;
using ImageGate.Core.Errors;
using ImageGate.Signing.Verification;
using ImageGate.Site.Verification;

namespace ImageGate.Cli.Commands.Site;

/// <summary>The signer options every list-consuming site verb takes: the identity options <c>verify</c> takes too
/// (<see cref="IdentityCliOptions"/>: keyless identity with its GitHub repository pin, or <c>--key</c>), and for
/// S/MIME-signed HEPiX lists <c>--ca-dir</c> with <c>--signer-dn</c>.</summary>
public sealed class SignerOptions
{
    /// <summary>Who must have signed a Sigstore-signed list (shared with <c>verify</c> and <c>endorse</c>).</summary>
    public IdentityCliOptions Identity { get; } = new("Sigstore trusted_root.json for keyless signatures (default: --tuf-url if given, else the embedded public-good root)");

    /// <summary>The Sigstore trusted root file for keyless signatures.</summary>
    public Option<FileInfo?> TrustedRoot => Identity.TrustedRoots.File;

    /// <summary>CA folder for S/MIME-signed HEPiX image lists.</summary>
    public Option<DirectoryInfo?> CaDirectory { get; } = new("--ca-dir") { Description = "For an S/MIME-signed HEPiX image list (vmcatcher): folder of trusted CA certificates, e.g. /etc/grid-security/certificates" };

    /// <summary>Expected signer DN for HEPiX lists.</summary>
    public Option<string?> SignerDn { get; } = new("--signer-dn") { Description = "For a HEPiX image list: the endorser's certificate DN (e.g. /C=CH/O=CERN/CN=Endorser)" };

    /// <summary>Accept an S/MIME HEPiX list from any signer under the CAs (no <c>--signer-dn</c>).</summary>
    public Option<bool> InsecureAnySigner { get; } = new("--insecure-any-signer") { Description = "For a HEPiX image list: accept ANY signer the --ca-dir CAs vouch for instead of --signer-dn (insecure: anyone with a certificate from those CAs could publish your list)" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        Identity.AddTo(command);
        command.Options.Add(CaDirectory);
        command.Options.Add(SignerDn);
        command.Options.Add(InsecureAnySigner);
    }

    /// <summary>The signature verifier over the chosen trusted root and the policy of the identity options (none is
    /// needed for an S/MIME HEPiX list, which Site checks itself).</summary>
    public async Task<ISignatureVerifier> CreateVerifierAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Get(CaDirectory) is not null) return new NoSigstoreVerifier();
        var policy = Identity.BuildPolicy(context);
        return new PolicySignatureVerifier(new BundleVerifier(await Identity.ResolveTrustedRootAsync(context, cancellationToken).ConfigureAwait(false), context.Environment.Time), policy);
    }

    /// <summary>The expected signer: the identity options (validated by ImageGate.Signing's rules), or a CA folder.</summary>
    public SignerIdentity Resolve(CommandContext context)
    {
        var options = Identity.Read(context);
        var ca = context.Get(CaDirectory);
        if (ca is not null)
        {
            if (!options.IsEmpty || options.InsecureIgnoreTlog)
                throw new BadInputException("--ca-dir (S/MIME HEPiX lists) excludes --key, --certificate-* and --insecure-ignore-tlog");
            var folder = context.Environment.ResolvePath(ca.ToString());
            var dn = context.Get(SignerDn);
            if (!context.Get(InsecureAnySigner))
                return dn is null
                    ? throw new BadInputException("--ca-dir needs --signer-dn: the endorser's certificate subject (e.g. /C=CH/O=CERN/CN=Endorser); without it anyone with a certificate from these CAs could sign the list (--insecure-any-signer accepts that)")
                    : SignerIdentity.X509(folder, dn);
            if (dn is not null)
                throw new BadInputException("give either --signer-dn or --insecure-any-signer, not both");
            context.Console.Warn($"--insecure-any-signer: any holder of an S/MIME certificate from the CAs in {folder} is accepted as the list's endorser");
            context.Actions.Warning("--insecure-any-signer: any holder of an S/MIME certificate from the --ca-dir CAs is accepted as the list's endorser");
            return SignerIdentity.X509AnySignerUnsafe(folder);
        }
        if (context.Get(SignerDn) is not null)
            throw new BadInputException("--signer-dn needs --ca-dir");
        if (context.Get(InsecureAnySigner))
            throw new BadInputException("--insecure-any-signer needs --ca-dir");
        if (options.IsEmpty)
            throw new BadInputException("say who must have signed: --certificate-identity ID --certificate-oidc-issuer URL --certificate-github-workflow-repository OWNER/REPO, or --key PUBLIC.pem (or --ca-dir for a HEPiX list)");
        return PolicySignatureVerifier.Describe(options, options.ToPolicy());
    }

    /// <summary>For HEPiX lists: Site verifies the S/MIME signature itself and never asks for a Sigstore one.</summary>
    private sealed class NoSigstoreVerifier : ISignatureVerifier
    {
        public Task VerifyAsync(ReadOnlyMemory<byte> content, string bundleJson, SignerIdentity expected, CancellationToken cancellationToken) =>
            throw new BadInputException("an X.509 identity (--ca-dir) verifies S/MIME-signed HEPiX lists, not Sigstore bundles");
    }
}
