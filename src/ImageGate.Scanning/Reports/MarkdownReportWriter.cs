using System.Text;
using ImageGate.Core.Text;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Reports;

/// <summary>Writes the report as markdown for a GitHub job summary or a pull-request body.</summary>
public static class MarkdownReportWriter
{
    /// <summary>The most findings listed (the JSON and SARIF reports have them all).</summary>
    public const int MaxRows = 200;

    /// <summary>The markdown text.</summary>
    public static string ToMarkdown(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        var verdict = report.Passed ? "✅ passed" : "❌ failed";
        sb.Append("## ImageGate scan of ").Append(Markdown.Code(report.Image.Name)).Append(": ").AppendLine(verdict).AppendLine();
        sb.AppendLine("| | |").AppendLine("|---|---|");
        sb.Append("| Image | ").Append(Markdown.Code(report.Image.Name)).Append(" (").Append(report.Image.Format)
            .Append(report.Image.Size is { } size ? $", {size:N0} bytes" : "").AppendLine(") |");
        if (report.Image.Sha256 is not null) sb.Append("| SHA-256 | `").Append(report.Image.Sha256).AppendLine("` |");
        sb.Append("| OS | ").Append(Markdown.Cell(report.Os?.PrettyName ?? report.Os?.Id ?? "unknown")).AppendLine(" |");
        sb.Append("| Packages | ").Append(report.PackageCount).AppendLine(" |");
        sb.Append("| Gate | fails at `").Append(report.FailOn.ToName()).Append("` or above; policy: ").Append(Markdown.Cell(report.PolicySource)).AppendLine(" |");
        var counts = Enum.GetValues<Severity>().OrderDescending()
            .Select(s => (s, n: report.Findings.Count(f => !f.Waived && f.Severity == s))).Where(x => x.n > 0)
            .Select(x => $"{x.n} {x.s.ToName()}").ToList();
        var waived = report.Findings.Count(f => f.Waived);
        sb.Append("| Findings | ").Append(counts.Count == 0 ? "none" : string.Join(", ", counts))
            .Append(waived > 0 ? $"; {waived} waived" : "").AppendLine(" |").AppendLine();

        if (report.Findings.Count > 0)
        {
            sb.AppendLine("| Severity | Rule | Path | Finding |").AppendLine("|---|---|---|---|");
            foreach (var f in report.Findings.Take(MaxRows))
            {
                var sev = f.Waived ? $"~~{f.Severity.ToName()}~~ waived" : (f.Severity >= report.FailOn ? $"**{f.Severity.ToName()}**" : f.Severity.ToName());
                sb.Append("| ").Append(sev).Append(" | ").Append(Markdown.Code(f.RuleId)).Append(" | ").Append(Markdown.Code(f.Path, 500)).Append(" | ")
                    .Append(Markdown.Cell(f.Message, 1000)).AppendLine(" |");
            }
            if (report.Findings.Count > MaxRows)
                sb.Append("\n… and ").Append(report.Findings.Count - MaxRows).AppendLine(" more (see the JSON or SARIF report).");
            sb.AppendLine();
        }
        var expired = report.Waivers.Where(w => w.Status == "expired").ToList();
        if (expired.Count > 0)
        {
            sb.AppendLine("**Expired waivers** (no longer applied):").AppendLine();
            foreach (var w in expired)
                sb.Append("- ").Append(Markdown.Code(w.Waiver.RuleId)).Append(" on ").Append(Markdown.Code(w.Waiver.Path, 500)).Append(", expired ")
                    .Append(w.Waiver.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(" (approved by ")
                    .Append(Markdown.Cell(w.Waiver.ApprovedBy)).AppendLine(")");
            sb.AppendLine();
        }
        foreach (var section in report.MarkdownSections) sb.AppendLine(section.TrimEnd()).AppendLine();
        sb.Append("<sub>imagegate ").Append(report.ToolVersion).Append(", ").Append(report.Statistics.FilesSearched).Append(" files (")
            .Append(report.Statistics.BytesSearched.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append(" bytes) searched in ")
            .Append(report.Statistics.Duration.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)).AppendLine(" s</sub>");
        return sb.ToString();
    }
}
