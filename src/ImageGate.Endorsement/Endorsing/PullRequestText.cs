using System.Globalization;
using System.Text;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Inputs;

namespace ImageGate.Endorsement.Endorsing;

/// <summary>The pull request a reviewer decides from: summary, findings and waivers, signer and Rekor entry, package diff.</summary>
internal static class PullRequestText
{
    private const int MaxRows = 250;
    private const int MaxBody = 60000;

    public static string EndorseTitle(ImageRecord r) => $"Endorse {r.Name} {r.Version}";

    public static string RevokeTitle(ImageReference image) => $"Revoke {image.Name} {image.Version}";

    public static string EndorseBody(ImageRecord record, ScanReportSummary report, BundleSummary bundle, VerifiedSigner signer, PackageDiff? diff, int packageCount,
        LicenceDiff? licenceDiff = null)
    {
        var b = new StringBuilder();
        var waived = report.Findings.Count(f => f.Waived);
        b.Append(CultureInfo.InvariantCulture, $"## Endorse {Markdown.Code(record.Name)} {Markdown.Cell(record.Version)}\n\n");
        b.Append("| | |\n|---|---|\n");
        Row(b, "Image", $"{record.Name} {record.Version}");
        Row(b, "Identifier", record.Identifier);
        Row(b, "Operating system", record.Os.PrettyName ?? $"{record.Os.Id} {record.Os.VersionId}".Trim());
        Row(b, "Format / architecture", $"{record.Format} / {record.Arch}");
        b.Append(CultureInfo.InvariantCulture, $"| Size | {Markdown.Size(record.Size)} |\n");
        b.Append(CultureInfo.InvariantCulture, $"| SHA-256 | `{record.Sha256}` |\n");
        b.Append(CultureInfo.InvariantCulture, $"| SHA-512 | `{record.Sha512}` |\n");
        if (record.Uri is null) Row(b, "Download", "(not given)");
        else CodeRow(b, "Download", record.Uri);
        if (record.Oci is not null) CodeRow(b, "OCI artifact", record.Oci.Reference);
        CodeRow(b, "Built by", record.BuiltBy.Workflow + (record.BuiltBy.Commit is null ? "" : $" at {record.BuiltBy.Commit}"));
        if (record.BuiltBy.RunUri is not null) CodeRow(b, "Build run", record.BuiltBy.RunUri);
        b.Append(CultureInfo.InvariantCulture, $"| Scan | {(report.Passed ? "✅ passed" : "❌ failed")}: {report.Findings.Count} finding(s), {waived} waived |\n");
        if (signer.Identity is not null)
        {
            CodeRow(b, "Signer (verified)", signer.Identity + (signer.Issuer is null ? "" : $" (issuer {signer.Issuer})"));
            if (signer.SourceRepository is null) Row(b, "Signed for repository (verified)", "(the certificate names none)");
            else CodeRow(b, "Signed for repository (verified)", signer.SourceRepository + (signer.SourceRef is null ? "" : $" at {signer.SourceRef}"));
        }
        else
            Row(b, "Signer (verified)", $"key {signer.PublicKey ?? "(no hint)"}");
        Row(b, "Rekor entry", signer.LogIndex is { } li
            ? $"log index {li}" + (bundle.RekorLogIndex == li && bundle.RekorIntegratedTime is { } t ? $", integrated {ListJson.Time(t)}" : "")
            : "(none: not in a transparency log)");
        Row(b, "Created", ListJson.Time(record.Created));

        b.Append("\n### Findings and waivers\n\n");
        if (report.Findings.Count == 0)
            b.Append("No findings.\n");
        else
        {
            b.Append("| severity | rule | path | message | waived |\n|---|---|---|---|---|\n");
            foreach (var f in report.Findings.OrderBy(f => f.Waived).ThenBy(f => f.RuleId, StringComparer.Ordinal).Take(MaxRows))
                b.Append(CultureInfo.InvariantCulture, $"| {Markdown.Cell(f.Severity)} | {Markdown.Code(f.RuleId)} | {Markdown.Code(f.Path)} | {Markdown.Cell(f.Message)} | {(f.Waived ? "waived" : "**open**")} |\n");
            if (report.Findings.Count > MaxRows) b.Append(CultureInfo.InvariantCulture, $"\n… and {report.Findings.Count - MaxRows} more (see scan-report.json).\n");
        }

        b.Append('\n');
        AppendLicences(b, report.Licences, diff?.PreviousVersion, licenceDiff);
        b.Append('\n');
        AppendDiff(b, record.Name, diff, packageCount);
        b.Append(CultureInfo.InvariantCulture, $"\n<!-- imagegate:endorse {record.Name}@{record.Version} sha256:{record.Sha256} -->\n");
        return Limit(b);
    }

    private static readonly string[] CategoryOrder =
        ["forbidden", "restricted", "reciprocal", "notice", "permissive", "unencumbered", "licenseref", "unknown"];

    private static void AppendLicences(StringBuilder b, IReadOnlyList<PackageLicenceInfo>? licences, string? previousVersion, LicenceDiff? licenceDiff)
    {
        b.Append("### Licences\n\n");
        if (licences is null)
        {
            b.Append("The scan report has no licence classification.\n");
            return;
        }
        var packages = licences.GroupBy(l => l.Name, StringComparer.Ordinal).Select(g => g.First()).ToList();
        b.Append("| category | packages |\n|---|---|\n");
        foreach (var g in packages.GroupBy(l => l.Category, StringComparer.Ordinal)
                     .OrderBy(g => Array.IndexOf(CategoryOrder, g.Key) is var i && i < 0 ? CategoryOrder.Length : i).ThenBy(g => g.Key, StringComparer.Ordinal))
            b.Append(CultureInfo.InvariantCulture, $"| {Markdown.Cell(g.Key)} | {g.Count()} |\n");
        var review = packages.Where(l => l.Review).OrderBy(l => l.Verdict == "denied" ? 0 : l.NonFree ? 1 : 2).ThenBy(l => l.Name, StringComparer.Ordinal).ToList();
        if (review.Count == 0)
            b.Append("\nNo package is denied, non-free or of unknown licence.\n");
        else
        {
            b.Append(CultureInfo.InvariantCulture, $"\n**Denied, non-free or unknown** ({review.Count})\n\n| package | version | licence | area | category | verdict |\n|---|---|---|---|---|---|\n");
            foreach (var l in review.Take(MaxRows))
                b.Append(CultureInfo.InvariantCulture,
                    $"| {Markdown.Code(l.Name)} | {Markdown.Cell(l.Version)} | {Markdown.Code(l.Licence ?? "(none recorded)")} | {Markdown.Cell(l.Area ?? "")} | {Markdown.Cell(l.Category)} | {(l.Verdict == "denied" ? "**denied**" : l.NonFree ? "non-free" : Markdown.Cell(l.Verdict))} |\n");
            if (review.Count > MaxRows) b.Append(CultureInfo.InvariantCulture, $"\n… and {review.Count - MaxRows} more.\n");
        }
        if (previousVersion is null) return;
        if (licenceDiff is null)
        {
            b.Append(CultureInfo.InvariantCulture, $"\nThe report of {Markdown.Cell(previousVersion)} has no licence classification to compare with.\n");
            return;
        }
        b.Append(CultureInfo.InvariantCulture, $"\n**Licence changes since {Markdown.Cell(previousVersion)}**: {licenceDiff.CategoryChanged.Count} package(s) changed category, {licenceDiff.NewLicences.Count} bring a new licence.\n");
        if (licenceDiff.CategoryChanged.Count > 0)
        {
            b.Append("\n| package | category before | category now | licence now |\n|---|---|---|---|\n");
            foreach (var c in licenceDiff.CategoryChanged.Take(MaxRows))
                b.Append(CultureInfo.InvariantCulture, $"| {Markdown.Code(c.Name)} | {Markdown.Cell(c.From)} | {Markdown.Cell(c.To)} | {Markdown.Code(c.Licence ?? "(none recorded)")} |\n");
        }
        if (licenceDiff.NewLicences.Count > 0)
        {
            b.Append("\n| package | licence | new to the image |\n|---|---|---|\n");
            foreach (var n in licenceDiff.NewLicences.Take(MaxRows))
                b.Append(CultureInfo.InvariantCulture, $"| {Markdown.Code(n.Name)} | {Markdown.Code(n.Licence ?? "")} | {Markdown.Cell(string.Join(", ", n.NewIds))} |\n");
        }
    }

    private static void AppendDiff(StringBuilder b, string name, PackageDiff? diff, int packageCount)
    {
        if (diff is null)
        {
            b.Append("### Package changes\n\nNo package list was given (no SBOM and no `packages` in the report).\n");
            return;
        }
        if (diff.PreviousVersion is null)
        {
            b.Append(CultureInfo.InvariantCulture, $"### Package changes\n\nFirst endorsement of {Markdown.Code(name)}: {packageCount} packages, nothing to compare with.\n");
            return;
        }
        b.Append(CultureInfo.InvariantCulture, $"### Package changes since {Markdown.Cell(diff.PreviousVersion)}\n\n");
        b.Append(CultureInfo.InvariantCulture, $"{diff.Added.Count} added, {diff.Removed.Count} removed, {diff.Upgraded.Count} upgraded, {diff.Downgraded.Count} downgraded.\n");
        if (diff.Upgraded.Count > 0) Changes(b, "Upgraded", diff.Upgraded);
        if (diff.Downgraded.Count > 0) Changes(b, "Downgraded", diff.Downgraded);
        if (diff.Added.Count > 0) Packages(b, "Added", diff.Added);
        if (diff.Removed.Count > 0) Packages(b, "Removed", diff.Removed);
    }

    private static void Changes(StringBuilder b, string title, IReadOnlyList<(string Name, string From, string To)> items)
    {
        b.Append(CultureInfo.InvariantCulture, $"\n**{title}**\n\n| package | from | to |\n|---|---|---|\n");
        foreach (var c in items.Take(MaxRows))
            b.Append(CultureInfo.InvariantCulture, $"| {Markdown.Code(c.Name)} | {Markdown.Cell(c.From)} | {Markdown.Cell(c.To)} |\n");
        if (items.Count > MaxRows) b.Append(CultureInfo.InvariantCulture, $"\n… and {items.Count - MaxRows} more.\n");
    }

    private static void Packages(StringBuilder b, string title, IReadOnlyList<PackageVersion> items)
    {
        b.Append(CultureInfo.InvariantCulture, $"\n**{title}**\n\n| package | version |\n|---|---|\n");
        foreach (var p in items.Take(MaxRows))
            b.Append(CultureInfo.InvariantCulture, $"| {Markdown.Code(p.Name)} | {Markdown.Cell(p.Version)} |\n");
        if (items.Count > MaxRows) b.Append(CultureInfo.InvariantCulture, $"\n… and {items.Count - MaxRows} more.\n");
    }

    public static string RevokeBody(RevocationRecord revocation, ImageRecord? record, string? details = null)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"## Revoke {Markdown.Code(revocation.Name)} {Markdown.Cell(revocation.Version)}\n\n");
        b.Append("| | |\n|---|---|\n");
        Row(b, "Reason", revocation.Reason);
        Row(b, "Revoked by", revocation.RevokedBy);
        Row(b, "Time", ListJson.Time(revocation.Revoked));
        if (record is not null)
        {
            b.Append(CultureInfo.InvariantCulture, $"| SHA-256 | `{record.Sha256}` |\n");
            Row(b, "Endorsed since", ListJson.Time(record.Created));
            Row(b, "Operating system", record.Os.PrettyName ?? record.Os.Id ?? "");
        }
        if (!string.IsNullOrWhiteSpace(details)) b.Append('\n').Append(details.TrimEnd()).Append('\n');
        b.Append("\nOnce merged, the next published list no longer holds this image and sites expire it on their next sync.\n");
        b.Append(CultureInfo.InvariantCulture, $"\n<!-- imagegate:revoke {revocation.Name}@{revocation.Version} -->\n");
        return Limit(b);
    }

    private static void Row(StringBuilder b, string key, string value) =>
        b.Append(CultureInfo.InvariantCulture, $"| {key} | {Markdown.Cell(value, 500)} |\n");

    /// <summary>A row whose value (a URL, a workflow identity) is shown exactly as code: readable and copyable, never a link.</summary>
    private static void CodeRow(StringBuilder b, string key, string value) =>
        b.Append(CultureInfo.InvariantCulture, $"| {key} | {Markdown.Code(value, 500)} |\n");

    private static string Limit(StringBuilder b) =>
        b.Length <= MaxBody ? b.ToString() : b.ToString(0, MaxBody) + "\n\n… (truncated; see the files in the branch)\n";
}
