using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageGate.Cli.Commands.Signing;

/// <summary><c>imagegate verify</c>: the friendly form of <c>verify-bundle</c> for files (same checks, a summary of
/// who signed what and when, <c>--json</c> for machines).</summary>
public sealed class VerifyCommand : VerifyCommandBase
{
    /// <summary>Creates the verb.</summary>
    public VerifyCommand(CliEnvironment env) : base("verify", "Verify a signed file (image or list) against its Sigstore bundle", env)
    {
        Options.Add(Json);
    }

    /// <summary>Print the result as JSON.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the verification result as JSON" };

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var r = RunVerification(context);
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
        if (r.LogEntries.Count == 0) await o.WriteLineAsync("  logged:      no transparency log entry (--insecure-ignore-tlog)").ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
