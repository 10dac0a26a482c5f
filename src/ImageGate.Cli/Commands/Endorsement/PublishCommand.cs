using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Publishing;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary><c>imagegate publish</c>: the signed list of currently endorsed images (JSON, optionally HEPiX), optionally as a release.</summary>
public sealed class PublishCommand : VerbCommand
{
    private readonly Func<string, IListSigner> _keySigner;

    /// <summary>Creates the verb; <paramref name="keySigner"/> makes the signer for <c>--key</c> (the Cli composition supplies it).</summary>
    public PublishCommand(CliEnvironment env, Func<string, IListSigner>? keySigner = null)
        : base("publish", "Compose and sign the list of currently endorsed images (with --github-repository: only those a listed endorser approved; exit 1 names any left out)", env)
    {
        _keySigner = keySigner ?? (path => new SigstoreListSigner(new ImageGate.Signing.SigningOptions
        {
            Key = ImageGate.Signing.Keys.SigningKey.Load(path, env.Get("IMAGEGATE_KEY_PASSWORD") ?? env.Get("COSIGN_PASSWORD")),
        }));
        foreach (var o in new Option[] { Output, Key, IdentityToken, FulcioUrl, RekorUrl, TrustedRoots.File, TrustedRoots.TufUrl, TrustedRoots.TufRoot, TrustedRoots.TufCache, ExpiresIn, ExpiresAt, Hepix, Html, HepixSignerCert, HepixSignerKey, EndorserName, EndorserEmail, EndorserDn, EndorserCa, EndorserIdentity, EndorserUri, Vo, Title, ListUri, GitHubRelease, Json })
            Options.Add(o);
        Options.Add(RegistrySync);
        Options.Add(DryRun);
        Registry.AddTo(this);
        Repo = new GitHubCliOptions(this, withGitHub: true);
    }

    /// <summary>--registry-sync.</summary>
    public Option<bool> RegistrySync { get; } = new("--registry-sync") { Description = "After signing, point each image name's hyphen-free endorsed tag at its newest endorsed version (oci locations), move it back after a revocation or expiry, delete it when none remains; every change is printed" };

    /// <summary>--dry-run.</summary>
    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "With --registry-sync: print the tag changes, make none (the list is still published)" };

    /// <summary>Registry credentials for --registry-sync (as for push).</summary>
    public Distribution.RegistryCliOptions Registry { get; } = new();

    /// <summary>OIDC token for keyless signing.</summary>
    public Option<string?> IdentityToken { get; } = new("--identity-token") { Description = "Keyless: OIDC identity token (default: requested from GitHub Actions, audience sigstore)" };

    /// <summary>Fulcio URL.</summary>
    public Option<string?> FulcioUrl { get; } = new("--fulcio-url") { Description = "Keyless: Fulcio URL (default public-good)" };

    /// <summary>Rekor URL.</summary>
    public Option<string?> RekorUrl { get; } = new("--rekor-url") { Description = "Keyless: Rekor URL (default public-good)" };

    /// <summary>Where the trusted root of the signing services comes from (keyless).</summary>
    public Signing.TrustedRootOptions TrustedRoots { get; } = new("Keyless: trusted root of the signing services (default: --tuf-url if given, else public-good)");

    /// <summary>Trusted root file of the signing services.</summary>
    public Option<FileInfo?> TrustedRoot => TrustedRoots.File;

    /// <summary>--output.</summary>
    public Option<DirectoryInfo> Output { get; } = new("--output") { Description = "Folder to write the list files into", Required = true };

    /// <summary>--key.</summary>
    public Option<FileInfo?> Key { get; } = new("--key") { Description = "ECDSA P-256 private key (PEM) that signs endorsed-images.json" };

    /// <summary>--expires-in.</summary>
    public Option<double?> ExpiresIn { get; } = new("--expires-in") { Description = "Days until the list expires (default 28)" };

    /// <summary>--expires-at.</summary>
    public Option<string?> ExpiresAt { get; } = new("--expires-at") { Description = "Absolute expiry time (ISO 8601, e.g. 2026-12-31T00:00:00Z)" };

    /// <summary>--hepix.</summary>
    public Option<bool> Hepix { get; } = new("--hepix") { Description = "Also write imagelist.hepix.json (the HEPiX format of atrope, vmcatcher and cloudkeeper)" };

    /// <summary>--html.</summary>
    public Option<bool> Html { get; } = new("--html") { Description = "Also write a static HTML catalogue (index.html and one page per image) next to the list" };

    /// <summary>--hepix-signer-cert.</summary>
    public Option<FileInfo?> HepixSignerCert { get; } = new("--hepix-signer-cert") { Description = "X.509 certificate (PEM) for the S/MIME-signed HEPiX list" };

    /// <summary>--hepix-signer-key.</summary>
    public Option<FileInfo?> HepixSignerKey { get; } = new("--hepix-signer-key") { Description = "Its private key (unencrypted PEM)" };

    /// <summary>--endorser-name.</summary>
    public Option<string?> EndorserName { get; } = new("--endorser-name") { Description = "Endorser name (HEPiX dc:creator)" };

    /// <summary>--endorser-email.</summary>
    public Option<string?> EndorserEmail { get; } = new("--endorser-email") { Description = "Endorser e-mail (default: from the S/MIME certificate)" };

    /// <summary>--endorser-dn.</summary>
    public Option<string?> EndorserDn { get; } = new("--endorser-dn") { Description = "Endorser X.509 DN (default: the S/MIME certificate's subject)" };

    /// <summary>--endorser-ca.</summary>
    public Option<string?> EndorserCa { get; } = new("--endorser-ca") { Description = "Endorser CA DN (default: the S/MIME certificate's issuer)" };

    /// <summary>--endorser-identity.</summary>
    public Option<string?> EndorserIdentity { get; } = new("--endorser-identity") { Description = "The signing identity sites verify the list against (default: GITHUB_WORKFLOW_REF)" };

    /// <summary>--endorser-uri.</summary>
    public Option<string?> EndorserUri { get; } = new("--endorser-uri") { Description = "A page or address of the endorser (HEPiX ad:user:uri; default mailto: the endorser e-mail)" };

    /// <summary>--vo.</summary>
    public Option<string?> Vo { get; } = new("--vo") { Description = "The virtual organisation the images are for (HEPiX ad:group)" };

    /// <summary>--title.</summary>
    public Option<string> Title { get; } = new("--title") { Description = "The list's title", DefaultValueFactory = _ => "ImageGate endorsed images" };

    /// <summary>--list-uri.</summary>
    public Option<string?> ListUri { get; } = new("--list-uri") { Description = "Where the HEPiX list is published (hv:uri)" };

    /// <summary>--github-release.</summary>
    public Option<string?> GitHubRelease { get; } = new("--github-release") { Description = "Create or update this release (tag) of the list repository with the files as assets" };

    /// <summary>--json.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON" };

    /// <summary>The list repository and GitHub options.</summary>
    public GitHubCliOptions Repo { get; }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        if (context.Get(DryRun) && !context.Get(RegistrySync))
            throw new BadInputException("--dry-run plans the registry tag changes: it needs --registry-sync");
        var key = context.Get(Key);
        var (signer, previousVerifier) = key is not null
            ? KeySigner(context, env.ResolvePath(key.ToString()))
            : await KeylessSignerAsync(context, cancellationToken).ConfigureAwait(false);
        DateTimeOffset? expiresAt = null;
        if (context.Get(ExpiresAt) is { } at)
        {
            if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                throw new BadInputException($"--expires-at '{at}' is not a time (use ISO 8601, e.g. 2026-12-31T00:00:00Z)");
            expiresAt = parsed;
        }
        var days = context.Get(ExpiresIn) ?? 28;
        if (days <= 0 || days > 3660)
            throw new BadInputException($"--expires-in {days} must be between 0 and 3660 days");
        if (context.Get(Vo) is { } vo && !System.Text.RegularExpressions.Regex.IsMatch(vo, @"\A[A-Za-z0-9][A-Za-z0-9._-]{0,199}\z"))
            throw new BadInputException($"--vo '{vo}' is not a VO name (letters, digits, '.', '_', '-', e.g. vo.example.org)");
        if (context.Get(EndorserUri) is { } eu && !(Uri.TryCreate(eu, UriKind.Absolute, out var euUri) && euUri.Scheme is "https" or "http" or "mailto"))
            throw new BadInputException($"--endorser-uri '{eu}' is not an absolute https:, http: or mailto: URI");
        var host = Repo.CreateHost(context);
        var request = new PublishRequest
        {
            Repository = Repo.ResolveRepository(context),
            Base = context.Get(Repo.Base) ?? "main",
            OutputDirectory = env.ResolvePath(context.Get(Output)!.ToString()),
            ExpiresIn = TimeSpan.FromDays(days),
            ExpiresAt = expiresAt,
            Endorser = new EndorserIdentity(context.Get(EndorserName), context.Get(EndorserEmail), context.Get(EndorserDn), context.Get(EndorserCa),
                context.Get(EndorserIdentity) ?? env.Get("GITHUB_WORKFLOW_REF")),
            Signer = signer,
            PreviousListVerifier = previousVerifier,
            ReaderCheck = new ImageGate.Site.Lists.SiteListReaderCheck(),
            RegistrySync = context.Get(RegistrySync)
                ? new RegistryTagSync(registry => Registry.CreateClient(context, registry), line => context.Console.Out.WriteLine($"registry: {line}"))
                : null,
            RegistrySyncDryRun = context.Get(DryRun),
            Hepix = context.Get(Hepix),
            Html = context.Get(Html),
            HepixSignerCertificatePath = context.Get(HepixSignerCert) is { } c ? env.ResolvePath(c.ToString()) : null,
            HepixSignerKeyPath = context.Get(HepixSignerKey) is { } k ? env.ResolvePath(k.ToString()) : null,
            Title = context.Get(Title) ?? "ImageGate endorsed images",
            ListUri = context.Get(ListUri),
            Vo = context.Get(Vo),
            EndorserUri = context.Get(EndorserUri),
            ReleaseTag = context.Get(GitHubRelease),
            Host = host,
        };
        var result = await new ListPublisher(env.Time).PublishAsync(request, cancellationToken).ConfigureAwait(false);
        foreach (var warning in result.Warnings)
            context.Console.Warn(warning);
        foreach (var r in result.Refused)
            await context.Environment.Error.WriteLineAsync($"imagegate: not listed: {r.Name} {r.Version}: {r.Reason}").ConfigureAwait(false);
        var exit = result.Refused.Count == 0 ? ExitCodes.Passed : ExitCodes.GateFailed;
        context.Actions.SetOutput("list-version", result.List.Version.ToString(CultureInfo.InvariantCulture));
        if (result.Release is not null) context.Actions.SetOutput("release-url", result.Release.Url);
        if (context.Get(Json))
        {
            var payload = new
            {
                version = result.List.Version,
                created = ListJson.Time(result.List.Created),
                expires = ListJson.Time(result.List.Expires),
                images = result.List.Images.Select(i => $"{i.Name}@{i.Version}"),
                files = result.Files,
                release = result.Release?.Url,
                refused = result.Refused.Select(r => new { name = r.Name, version = r.Version, reason = r.Reason }),
                registryChanges = result.RegistryChanges,
            };
            await context.Console.Out.WriteLineAsync(JsonSerializer.Serialize(payload, new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
            return exit;
        }
        await context.Console.Out.WriteLineAsync($"published list version {result.List.Version}: {result.List.Images.Count} image(s), expires {ListJson.Time(result.List.Expires)}").ConfigureAwait(false);
        foreach (var f in result.Files)
            await context.Console.Out.WriteLineAsync($"  {f}").ConfigureAwait(false);
        if (result.Release is not null)
            await context.Console.Out.WriteLineAsync($"release: {result.Release.Url}").ConfigureAwait(false);
        return exit;
    }

    /// <summary>Key signing of the list; a previous list counts only when it verifies against the same key's public half.</summary>
    private (IListSigner, IPublishedListVerifier) KeySigner(CommandContext context, string path)
    {
        var signer = _keySigner(path);
        using var own = ImageGate.Signing.Keys.SigningKey.Load(path, context.Environment.Get("IMAGEGATE_KEY_PASSWORD") ?? context.Environment.Get("COSIGN_PASSWORD"));
        // The publisher's own earlier list: a key-signed list carries no transparency-log entry unless a Rekor was given,
        // and the key itself is what binds it to this publisher.
        var policy = ImageGate.Signing.Verification.VerificationPolicy.ForPublicKeyPem(own.PublicKeyPem) with { RequireTransparencyLog = false };
        return (signer, new PublishedListVerifier(
            new Signing.PolicySignatureVerifier(new ImageGate.Signing.Verification.BundleVerifier(ImageGate.Signing.TrustRoot.TrustedRoot.PublicGood, context.Environment.Time), policy),
            ImageGate.Site.Verification.SignerIdentity.Key(own.PublicKeyPem), context.Environment.Time));
    }

    /// <summary>The certificate identity Fulcio gives this job's token: for a GitHub Actions token the SAN is the
    /// running workflow (<c>job_workflow_ref</c>, the reusable workflow when one is called) pinned to the calling
    /// repository (<c>repository</c>, certificate extension 1.3.6.1.4.1.57264.1.12); else the e-mail or subject.</summary>
    internal static ImageGate.Signing.Verification.CertificateIdentity OwnIdentity(ImageGate.Signing.Keyless.IdentityToken token, string? serverUrl)
    {
        if (token.Claims.TryGetValue("job_workflow_ref", out var workflow))
        {
            var server = (string.IsNullOrEmpty(serverUrl) ? "https://github.com" : serverUrl).TrimEnd('/');
            return new ImageGate.Signing.Verification.CertificateIdentity
            {
                SubjectAlternativeName = $"{server}/{workflow}",
                Issuer = token.Issuer,
                SourceRepositoryUri = token.Claims.TryGetValue("repository", out var repository) ? $"{server}/{repository}" : null,
            };
        }
        return ImageGate.Signing.Verification.CertificateIdentity.Exact(token.Email ?? token.Subject, token.Issuer);
    }

    /// <summary>Keyless signing of the list: the OIDC token (flag or GitHub Actions), Fulcio, Rekor; a previous list
    /// counts only when it verifies against this job's own identity (<see cref="OwnIdentity"/>).</summary>
    private async Task<(IListSigner, IPublishedListVerifier)> KeylessSignerAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var token = context.Get(IdentityToken) is { } text
            ? ImageGate.Signing.Keyless.IdentityToken.Parse(text)
            : await ImageGate.Signing.Keyless.IdentityToken.FromGitHubActionsAsync(env.Variables, cancellationToken: cancellationToken).ConfigureAwait(false);
        context.Actions.Mask(token.Raw);
        static Uri? Url(string? value, string option) =>
            value is null ? null : Uri.TryCreate(value, UriKind.Absolute, out var u) ? u : throw new BadInputException($"{option} '{value}' is not an absolute URL");
        var trustedRoot = await TrustedRoots.ResolveAsync(context, cancellationToken).ConfigureAwait(false);
        var signer = new SigstoreListSigner(new ImageGate.Signing.SigningOptions
        {
            IdentityToken = token,
            FulcioUrl = Url(context.Get(FulcioUrl), "--fulcio-url") ?? ImageGate.Signing.Keyless.SigningConfig.PublicGood.FulcioUrl,
            RekorUrl = Url(context.Get(RekorUrl), "--rekor-url") ?? ImageGate.Signing.Keyless.SigningConfig.PublicGood.RekorUrl,
            TrustedRoot = trustedRoot,
        });
        var own = OwnIdentity(token, env.Get("GITHUB_SERVER_URL"));
        var verifier = new Signing.PolicySignatureVerifier(new ImageGate.Signing.Verification.BundleVerifier(trustedRoot, env.Time),
            ImageGate.Signing.Verification.VerificationPolicy.ForIdentity(own));
        return (signer, new PublishedListVerifier(verifier, ImageGate.Site.Verification.SignerIdentity.Keyless(own.SubjectAlternativeName!, own.Issuer), env.Time));
    }
}
