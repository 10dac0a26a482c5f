using System.CommandLine;
using ImageGate.Core.Errors;
using ImageGate.Core.IO;
using ImageGate.Signing;
using ImageGate.Signing.Keyless;
using ImageGate.Signing.Keys;
using ImageGate.Signing.TrustRoot;
using ImageGate.Signing.Verification;

namespace ImageGate.Cli.Commands.Signing;

/// <summary>What <c>sign</c> and <c>sign-bundle</c> share: signs a file's SHA-256 digest keylessly (identity token
/// from <c>--identity-token</c> or GitHub Actions) or with <c>--key</c>, and writes a verified v0.3 bundle.</summary>
public abstract class SignCommandBase : VerbCommand
{
    /// <summary>Creates a verb with the signing options.</summary>
    protected SignCommandBase(string name, string description, CliEnvironment env) : base(name, description, env)
    {
        Arguments.Add(File);
        foreach (var o in new Option[] { Bundle, Digest, Key, IdentityToken, FulcioUrl, RekorUrl, TsaUrl })
            Options.Add(o);
        TrustedRoots.AddTo(this);
        foreach (var o in new Option[] { SigningConfigFile, Json })
            Options.Add(o);
        Validators.Add(r =>
        {
            if (r.GetValue(File) is null && r.GetValue(Digest) is null) r.AddError("give FILE or --digest sha256:<hex>");
            if (r.GetValue(File) is not null && r.GetValue(Digest) is not null) r.AddError("give FILE or --digest, not both");
        });
    }

    /// <summary>The file to sign.</summary>
    public Argument<FileInfo?> File { get; } = new("FILE") { Description = "The file to sign", Arity = ArgumentArity.ZeroOrOne };

    /// <summary>Where to write the bundle.</summary>
    public Option<FileInfo> Bundle { get; } = new("--bundle") { Description = "Write the Sigstore bundle here (.sigstore.json)", Required = true };

    /// <summary>A digest to sign without reading a file.</summary>
    public Option<string?> Digest { get; } = new("--digest") { Description = "Sign this digest (sha256:<hex>) instead of a file" };

    /// <summary>A private key (key signing).</summary>
    public Option<FileInfo?> Key { get; } = new("--key") { Description = "ECDSA P-256 private key (PKCS#8 PEM, encrypted PKCS#8, or cosign's encrypted key; password from IMAGEGATE_KEY_PASSWORD or COSIGN_PASSWORD)" };

    /// <summary>The OIDC token (keyless).</summary>
    public Option<string?> IdentityToken { get; } = new("--identity-token") { Description = "OIDC identity token (default: requested from GitHub Actions with audience sigstore)" };

    /// <summary>Fulcio URL.</summary>
    public Option<string?> FulcioUrl { get; } = new("--fulcio-url") { Description = "Fulcio URL (keyless; default public-good)" };

    /// <summary>Rekor URL.</summary>
    public Option<string?> RekorUrl { get; } = new("--rekor-url") { Description = "Rekor URL (keyless default public-good; key signing logs only when given)" };

    /// <summary>TSA URL.</summary>
    public Option<string?> TsaUrl { get; } = new("--tsa-url") { Description = "RFC 3161 timestamp authority URL (e.g. …/api/v1/timestamp)" };

    /// <summary>Where the trusted root the new bundle is checked against comes from.</summary>
    public TrustedRootOptions TrustedRoots { get; } = new("Trusted root of the services (default: --tuf-url if given, else the embedded public-good root)");

    /// <summary>The trusted root file.</summary>
    public Option<FileInfo?> TrustedRootFile => TrustedRoots.File;

    /// <summary>Sigstore SigningConfig naming the services.</summary>
    public Option<FileInfo?> SigningConfigFile { get; } = new("--signing-config") { Description = "Sigstore SigningConfig JSON naming Fulcio, Rekor and TSA URLs" };

    /// <summary>Print a JSON summary.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print a JSON summary" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var config = context.Get(SigningConfigFile) is { } cfg ? SigningConfig.Load(env.ResolvePath(cfg.ToString())) : null;
        var root = await TrustedRoots.ResolveAsync(context, cancellationToken).ConfigureAwait(false);
        var keyFile = context.Get(Key);
        var tokenText = context.Get(IdentityToken);
        if (keyFile is not null && tokenText is not null) throw new BadInputException("give either --key or --identity-token, not both");

        byte[] digest;
        string what;
        if (context.Get(Digest) is { } d)
        {
            if (!d.StartsWith("sha256:", StringComparison.Ordinal)) throw new BadInputException($"--digest must be sha256:<hex>, found '{d}'");
            digest = VerificationArtifact.ParseSha256Hex(d["sha256:".Length..]);
            what = d;
        }
        else
        {
            var path = env.ResolvePath(context.Get(File)!.ToString());
            digest = VerificationArtifact.FromFile(path).Sha256;
            what = path;
        }

        SigningOptions options;
        using var key = keyFile is null ? null
            : SigningKey.Load(env.ResolvePath(keyFile.ToString()), env.Get("IMAGEGATE_KEY_PASSWORD") ?? env.Get("COSIGN_PASSWORD"));
        if (key is not null)
        {
            options = new SigningOptions
            {
                Key = key,
                RekorUrl = Url(context.Get(RekorUrl), "--rekor-url") ?? config?.RekorUrl,
                TsaUrl = Url(context.Get(TsaUrl), "--tsa-url") ?? config?.TsaUrl,
                TrustedRoot = root,
            };
        }
        else
        {
            var token = tokenText is not null
                ? ImageGate.Signing.Keyless.IdentityToken.Parse(tokenText)
                : await ImageGate.Signing.Keyless.IdentityToken.FromGitHubActionsAsync(env.Variables, cancellationToken: cancellationToken).ConfigureAwait(false);
            context.Actions.Mask(token.Raw);
            options = new SigningOptions
            {
                IdentityToken = token,
                FulcioUrl = Url(context.Get(FulcioUrl), "--fulcio-url") ?? config?.FulcioUrl ?? SigningConfig.PublicGood.FulcioUrl,
                RekorUrl = Url(context.Get(RekorUrl), "--rekor-url") ?? config?.RekorUrl ?? SigningConfig.PublicGood.RekorUrl,
                TsaUrl = Url(context.Get(TsaUrl), "--tsa-url") ?? config?.TsaUrl,
                TrustedRoot = root,
            };
        }

        var signed = await new BlobSigner(options).SignDigestAsync(digest, cancellationToken).ConfigureAwait(false);
        var output = env.ResolvePath(context.Get(Bundle)!.ToString());
        await AtomicFile.WriteTextAsync(output, signed.Json + "\n", cancellationToken).ConfigureAwait(false);

        var v = signed.Verified;
        if (context.Get(Json))
        {
            var node = new System.Text.Json.Nodes.JsonObject
            {
                ["bundle"] = output,
                ["artifact"] = v.ArtifactDigest,
                ["identity"] = v.SubjectAlternativeName,
                ["issuer"] = v.Issuer,
                ["publicKeyHint"] = v.PublicKeyHint,
                ["logIndex"] = v.LogEntries.Count > 0 ? v.LogEntries[0].LogIndex : null,
                ["log"] = v.LogEntries.Count > 0 ? v.LogEntries[0].LogUrl : null,
            };
            await env.Out.WriteLineAsync(node.ToJsonString()).ConfigureAwait(false);
        }
        else
        {
            await PrintSignedAsync(env.Out, what, v, output).ConfigureAwait(false);
        }
        context.Actions.SetOutput("bundle", output);
        return ExitCodes.Passed;
    }

    /// <summary>What a signature says for people: the file, its signer, its log entries and the bundle.</summary>
    internal static async Task PrintSignedAsync(TextWriter output, string what, VerificationResult v, string bundle)
    {
        await output.WriteLineAsync($"Signed {what} ({v.ArtifactDigest})").ConfigureAwait(false);
        await output.WriteLineAsync($"  signer: {v.SubjectAlternativeName ?? "key " + v.PublicKeyHint}{(v.Issuer is null ? "" : " from " + v.Issuer)}").ConfigureAwait(false);
        foreach (var e in v.LogEntries) await output.WriteLineAsync($"  logged: {e.LogUrl} #{e.LogIndex}").ConfigureAwait(false);
        await output.WriteLineAsync($"  bundle: {bundle}").ConfigureAwait(false);
    }

    /// <summary>An http(s) URL option, or bad input naming it.</summary>
    internal static Uri? Url(string? text, string option)
    {
        if (text is null) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new BadInputException($"{option} must be an http(s) URL, found '{text}'");
        return uri;
    }
}
