using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ImageGate.Core.Packages;
using ImageGate.Patches;
using ImageGate.Scanning.Checks;
using ImageGate.Scanning.Rules;
using Md = ImageGate.Core.Text.Markdown;

namespace ImageGate.Scanning.Patches;

/// <summary>The "all security patches applied" check: runs <see cref="PatchChecker"/> over the scanned tree with the
/// inventory the scanner read, and adds the <c>missingUpdates</c> and <c>patchMetadata</c> report sections.</summary>
/// <param name="options">How metadata is fetched (mirrors, metadata folder, cache, skip); the clock is the scan's.</param>
public sealed class PatchCheck(PatchCheckOptions options) : IImageCheck
{
    /// <summary>The rules of the check, with their default severities (docs/policy.md).</summary>
    public static IReadOnlyList<RuleDefinition> RuleDefinitions { get; } =
    [
        new(PatchRules.SecurityUpdateMissing, "An installed package misses a security update its repositories offer", Severity.High, PolicyClauses.SecurityPatches)
            { Remedy = "Run the distribution's upgrade (apt-get upgrade, dnf upgrade --security) at the end of the build; release a held package first (`apt-mark unhold PACKAGE`), a hold keeps it at the vulnerable version." },
        new(PatchRules.NoSecurityRepository, "The image configures no security repository", Severity.High, PolicyClauses.SecurityPatches)
            { Remedy = "Add the distribution's security repository (e.g. bookworm-security) to the image's sources." },
        new(PatchRules.CheckSkipped, "The patch check was skipped or is not possible for this image", Severity.Medium, PolicyClauses.SecurityPatches)
            { Remedy = "Run the scan without --no-patch-check (use --mirror or --metadata-dir where the archive is unreachable)." },
        new(PatchRules.RepositoryUnverified, "A repository is unsigned (trusted=yes) or its non-security metadata could not be read", Severity.Medium, PolicyClauses.SecurityPatches)
            { Remedy = "Configure the repository with its signing key (signed-by, gpgkey) and make it reachable." },
        new(PatchRules.RepositoryRefused, "A repository was not fetched: it needs the image's credentials or names a file: path on the scanning host", Severity.Medium, PolicyClauses.SecurityPatches)
            { Remedy = "Give the scan a --mirror (or --metadata-dir) for the repository; keep credentials and host paths out of the image's sources." },
        new(PatchRules.UpdateAvailable, "An installed package has a newer, non-security version", Severity.Info, PolicyClauses.SecurityPatches)
            { Remedy = "Upgrade the package at the end of the build." },
    ];

    /// <inheritdoc />
    public string Name => "patches";

    /// <inheritdoc />
    public IReadOnlyList<RuleDefinition> Rules => RuleDefinitions;

    /// <inheritdoc />
    public async Task<ImageCheckResult> RunAsync(ImageCheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var os = context.Os ?? new OsRelease("unknown", null, null);
        var result = await new PatchChecker().CheckAsync(context.FileSystem, context.Packages, os,
            options with { TimeProvider = context.Time }, cancellationToken).ConfigureAwait(false);

        var findings = result.Findings.Select(f => new CheckFinding(f.RuleId, f.Path, f.Message)
        {
            Identity = f.Package is null ? null : $"{f.RuleId}\n{f.Package}\n{f.Message}",
        }).ToList();
        var missing = new JsonArray(result.MissingUpdates.Select(m => (JsonNode)new JsonObject
        {
            ["package"] = m.Package,
            ["arch"] = m.Arch,
            ["installedVersion"] = m.InstalledVersion,
            ["fixedVersion"] = m.FixedVersion,
            ["advisories"] = new JsonArray(m.Advisories.Select(a => (JsonNode)new JsonObject
            {
                ["id"] = a.Id, ["severity"] = a.Severity, ["title"] = a.Title, ["cves"] = new JsonArray(a.Cves.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
            }).ToArray()),
            ["repository"] = m.Repository,
        }).ToArray());
        var metadata = new JsonArray(result.Repositories.Select(r => (JsonNode)new JsonObject
        {
            ["repository"] = r.Repository,
            ["url"] = r.Url,
            ["fetchedFrom"] = r.FetchedFrom,
            ["date"] = r.Date?.ToString("O", CultureInfo.InvariantCulture),
            ["digest"] = r.Digest,
            ["validUntil"] = r.ValidUntil?.ToString("O", CultureInfo.InvariantCulture),
            ["security"] = r.Security,
            ["signedBy"] = r.SignedBy,
        }).ToArray());
        return new ImageCheckResult
        {
            Findings = findings,
            Sections = result.Skipped
                ? new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
                : new Dictionary<string, JsonNode?>(StringComparer.Ordinal) { ["missingUpdates"] = missing, ["patchMetadata"] = metadata },
            Markdown = Markdown(result),
        };
    }

    private static string Markdown(PatchCheckResult result)
    {
        var sb = new StringBuilder("### Missing security updates\n\n");
        if (result.Skipped)
            return sb.Append("The patch check was skipped: missing security updates were **not** checked.\n").ToString();
        if (result.MissingUpdates.Count == 0) sb.Append("None: every installed package has the security updates its repositories offer.\n");
        else
        {
            sb.Append("| Package | Arch | Installed | Fixed | Repository |\n|---|---|---|---|---|\n");
            foreach (var m in result.MissingUpdates)
                sb.Append(CultureInfo.InvariantCulture, $"| {Md.Cell(m.Package)} | {Md.Cell(m.Arch)} | {Md.Cell(m.InstalledVersion)} | {Md.Cell(m.FixedVersion)} | {Md.Cell(m.Repository)} |\n");
        }
        if (result.Repositories.Count > 0)
        {
            sb.Append("\nRepository metadata used:\n\n");
            foreach (var r in result.Repositories)
                sb.Append(CultureInfo.InvariantCulture, $"- {Md.Cell(r.Repository)}{(r.Security ? " (security)" : "")}: {r.Date?.ToString("u", CultureInfo.InvariantCulture) ?? "no date"}, {Md.Code(r.Digest)}\n");
        }
        return sb.ToString();
    }
}
