using System.CommandLine;
using ImageGate.Core.Errors;
using ImageGate.Site.Verification;

namespace ImageGate.Cli.Commands.Site;

/// <summary>The identity options every list-consuming verb takes: <c>--certificate-identity</c> with
/// <c>--certificate-oidc-issuer</c> (keyless), or <c>--key</c>.</summary>
public sealed class SignerOptions
{
    /// <summary>Expected certificate identity (SAN) of a keyless signature.</summary>
    public Option<string?> Identity { get; } = new("--certificate-identity") { Description = "Expected signer identity (certificate SAN, e.g. the publishing workflow's URI)" };

    /// <summary>Expected OIDC issuer of a keyless signature.</summary>
    public Option<string?> Issuer { get; } = new("--certificate-oidc-issuer") { Description = "Expected OIDC issuer of the signer (e.g. https://token.actions.githubusercontent.com)" };

    /// <summary>Public key (PEM) for key signatures.</summary>
    public Option<FileInfo?> Key { get; } = new("--key") { Description = "Public key (PEM) the list was signed with, instead of a keyless identity" };

    /// <summary>Where the Sigstore trusted root for keyless signatures comes from.</summary>
    public Signing.TrustedRootOptions TrustedRoots { get; } = new("Sigstore trusted_root.json for keyless signatures (default: --tuf-url if given, else the embedded public-good root)");

    /// <summary>The Sigstore trusted root file for keyless signatures.</summary>
    public Option<FileInfo?> TrustedRoot => TrustedRoots.File;

    /// <summary>CA folder for S/MIME-signed HEPiX image lists.</summary>
    public Option<DirectoryInfo?> CaDirectory { get; } = new("--ca-dir") { Description = "For an S/MIME-signed HEPiX image list (vmcatcher): folder of trusted CA certificates, e.g. /etc/grid-security/certificates" };

    /// <summary>Expected signer DN for HEPiX lists.</summary>
    public Option<string?> SignerDn { get; } = new("--signer-dn") { Description = "For a HEPiX image list: the endorser's certificate DN (e.g. /C=CH/O=CERN/CN=Endorser)" };

    /// <summary>Accept an S/MIME HEPiX list from any signer under the CAs (no <c>--signer-dn</c>).</summary>
    public Option<bool> InsecureAnySigner { get; } = new("--insecure-any-signer") { Description = "For a HEPiX image list: accept ANY signer the --ca-dir CAs vouch for instead of --signer-dn (insecure: anyone with a certificate from those CAs could publish your list)" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Identity);
        command.Options.Add(Issuer);
        command.Options.Add(Key);
        TrustedRoots.AddTo(command);
        command.Options.Add(CaDirectory);
        command.Options.Add(SignerDn);
        command.Options.Add(InsecureAnySigner);
    }

    /// <summary>The signature verifier over the chosen trusted root.</summary>
    public async Task<ISignatureVerifier> CreateVerifierAsync(CommandContext context, CancellationToken cancellationToken) =>
        new SigstoreSignatureVerifier(await TrustedRoots.ResolveAsync(context, cancellationToken).ConfigureAwait(false));

    /// <summary>The expected signer; exactly one of (identity and issuer) or key.</summary>
    public SignerIdentity Resolve(CommandContext context)
    {
        var identity = context.Get(Identity);
        var issuer = context.Get(Issuer);
        var key = context.Get(Key);
        var ca = context.Get(CaDirectory);
        if (ca is not null)
        {
            if (identity is not null || issuer is not null || key is not null)
                throw new BadInputException("--ca-dir (S/MIME HEPiX lists) excludes --key and --certificate-identity");
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
        if (key is not null)
        {
            if (identity is not null || issuer is not null)
                throw new BadInputException("give either --key or --certificate-identity with --certificate-oidc-issuer, not both");
            var path = context.Environment.ResolvePath(key.ToString());
            if (!File.Exists(path))
                throw new BadInputException("no such file", path);
            if (new FileInfo(path).Length > 64 * 1024)
                throw new BadInputException("public key file is larger than 64 KiB", path);
            try
            {
                return SignerIdentity.Key(File.ReadAllText(path));
            }
            catch (BadInputException ex)
            {
                throw new BadInputException(ex.Message, path);
            }
        }
        if (identity is null || issuer is null)
            throw new BadInputException("say who must have signed: --certificate-identity ID --certificate-oidc-issuer URL, or --key PUBLIC.pem (or --ca-dir for a HEPiX list)");
        return SignerIdentity.Keyless(identity, issuer);
    }
}
