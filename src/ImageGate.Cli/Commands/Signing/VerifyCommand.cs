using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageGate.Signing.Verification;

namespace ImageGate.Cli.Commands.Signing;

/// <summary><c>imagegate verify</c>: the friendly form of <c>verify-bundle</c> for files (same checks, a summary of
/// who signed what and when, <c>--json</c> for machines).</summary>
public sealed class VerifyCommand : VerifyCommandBase
{
    /// <summary>Creates the verb.</summary>
    public VerifyCommand(CliEnvironment env) : base("verify", "Verify a signed file (image or list) against its Sigstore bundle", env)
    {
        Options.Add(Json);
        Options.Add(State);
    }

    /// <summary>Rollback state for endorsed lists.</summary>
    public Option<DirectoryInfo?> State { get; } = new("--state") { Description = "For an endorsed list: folder recording the last accepted list version (rollback protection)" };

    /// <summary>Print the result as JSON.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the verification result as JSON" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var root = await LoadTrustedRootAsync(context, cancellationToken).ConfigureAwait(false);
        var r = RunVerification(context, root);
        if (EndorsedListFile(context) is { } list)
            return await VerifyListAsync(context, list, root, cancellationToken).ConfigureAwait(false);
        if (context.Get(Json))
        {
            var json = new JsonObject
            {
                ["verified"] = true,
                ["artifact"] = r.ArtifactDigest,
                ["mediaType"] = r.MediaType,
                ["identity"] = r.SubjectAlternativeName,
                ["issuer"] = r.Issuer,
                ["sourceRepository"] = r.SourceRepositoryUri,
                ["sourceRef"] = r.SourceRepositoryRef,
                ["workflow"] = r.BuildSignerUri,
                ["publicKeyHint"] = r.PublicKeyHint,
                ["signingTimes"] = new JsonArray(r.SigningTimes.Select(t => (JsonNode)JsonValue.Create(t.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))!).ToArray()),
                ["transparencyLog"] = new JsonArray(r.LogEntries.Select(e => (JsonNode)new JsonObject
                {
                    ["log"] = e.LogUrl,
                    ["logIndex"] = e.LogIndex,
                    ["kind"] = e.Kind,
                    ["integratedTime"] = e.IntegratedTime?.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                }).ToArray()),
            };
            await context.Environment.Out.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
            return ExitCodes.Passed;
        }
        var o = context.Environment.Out;
        await o.WriteLineAsync($"Verified: {r.ArtifactDigest}").ConfigureAwait(false);
        if (r.SubjectAlternativeName is not null)
        {
            await o.WriteLineAsync($"  signer:      {r.SubjectAlternativeName}").ConfigureAwait(false);
            await o.WriteLineAsync($"  issuer:      {r.Issuer}").ConfigureAwait(false);
            if (r.SourceRepositoryUri is not null) await o.WriteLineAsync($"  repository:  {r.SourceRepositoryUri} @ {r.SourceRepositoryRef}").ConfigureAwait(false);
            if (r.BuildSignerUri is not null) await o.WriteLineAsync($"  workflow:    {r.BuildSignerUri}").ConfigureAwait(false);
        }
        else await o.WriteLineAsync($"  signer:      public key{(string.IsNullOrEmpty(r.PublicKeyHint) ? "" : " " + r.PublicKeyHint)}").ConfigureAwait(false);
        foreach (var t in r.SigningTimes) await o.WriteLineAsync($"  signed at:   {t:yyyy-MM-ddTHH:mm:ssZ}").ConfigureAwait(false);
        foreach (var e in r.LogEntries) await o.WriteLineAsync($"  logged:      {e.LogUrl} #{e.LogIndex} ({e.Kind})").ConfigureAwait(false);
        if (r.LogEntries.Count == 0) await o.WriteLineAsync("  logged:      no transparency log entry (accepted with --insecure-ignore-tlog)").ConfigureAwait(false);
        return ExitCodes.Passed;
    }

    /// <summary>The artifact's path when it is an endorsed list (a JSON object with <c>images</c> and <c>expires</c>).</summary>
    private string? EndorsedListFile(CommandContext context)
    {
        var artifact = context.Get(Artifact)!;
        if (artifact.StartsWith("sha256:", StringComparison.Ordinal)) return null;
        var path = context.Environment.ResolvePath(artifact);
        if (!System.IO.File.Exists(path) || new FileInfo(path).Length > 64L << 20) return null;
        try
        {
            using var stream = System.IO.File.OpenRead(path);
            using var doc = JsonDocument.Parse(stream);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("images", out _)
                && doc.RootElement.TryGetProperty("expires", out _) ? path : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An endorsed list: besides the signature, the list must be fresh (not expired, not from the future) and,
    /// with <c>--state</c>, not older than the last list accepted (rollback) — the checks sites rely on.</summary>
    private async Task<int> VerifyListAsync(CommandContext context, string list, ImageGate.Signing.TrustRoot.TrustedRoot root, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var policy = BuildPolicy(context);
        var signer = PolicySignatureVerifier.Describe(Signer.Read(context), policy);
        var verifier = new PolicySignatureVerifier(new BundleVerifier(root, env.Time), policy);
        var state = context.Get(State) is { } dir ? env.ResolvePath(dir.ToString()) : null;
        var verified = await new ImageGate.Site.Verification.SignedListLoader(verifier)
            .LoadAsync(list, env.ResolvePath(context.Get(Bundle)!.ToString()), signer, state, env.WorkingDirectory, cancellationToken).ConfigureAwait(false);
        var l = verified.List;
        if (context.Get(Json))
        {
            var json = new JsonObject
            {
                ["verified"] = true,
                ["list"] = list,
                ["version"] = l.Version,
                ["created"] = l.Created.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["expires"] = l.Expires.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["images"] = l.Images.Count,
                ["sha256"] = verified.Sha256,
            };
            await env.Out.WriteLineAsync(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        }
        else
        {
            await env.Out.WriteLineAsync($"Verified endorsed list {list}: version {l.Version}, {l.Images.Count} image(s), created {l.Created:yyyy-MM-ddTHH:mm:ssZ}, expires {l.Expires:yyyy-MM-ddTHH:mm:ssZ}").ConfigureAwait(false);
        }
        return ExitCodes.Passed;
    }
}
