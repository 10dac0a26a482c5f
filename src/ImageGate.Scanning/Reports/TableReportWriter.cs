using System.Text;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Reports;

/// <summary>Writes the report as a plain text table for terminals and logs.</summary>
public static class TableReportWriter
{
    /// <summary>The table text.</summary>
    public static string ToText(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("Image:    ").Append(report.Image.Name).Append(" (").Append(report.Image.Format).AppendLine(")");
        sb.Append("OS:       ").AppendLine(report.Os?.PrettyName ?? report.Os?.Id ?? "unknown");
        sb.Append("Packages: ").Append(report.PackageCount).AppendLine();
        sb.AppendLine();
        if (report.Findings.Count > 0)
        {
            var rows = report.Findings.Select(f => (Sev: f.Severity.ToName() + (f.Waived ? " (waived)" : ""), f.RuleId, f.Path, f.Message)).ToList();
            int w1 = Math.Max(8, rows.Max(r => r.Sev.Length)), w2 = Math.Max(4, rows.Max(r => r.RuleId.Length)), w3 = Math.Min(60, Math.Max(4, rows.Max(r => r.Path.Length)));
            sb.Append("SEVERITY".PadRight(w1)).Append("  ").Append("RULE".PadRight(w2)).Append("  ").Append("PATH".PadRight(w3)).AppendLine("  FINDING");
            foreach (var r in rows)
                sb.Append(r.Sev.PadRight(w1)).Append("  ").Append(r.RuleId.PadRight(w2)).Append("  ").Append(r.Path.PadRight(w3)).Append("  ").AppendLine(r.Message);
            sb.AppendLine();
        }
        else sb.AppendLine("No findings.").AppendLine();
        var blocking = report.Blocking.Count();
        sb.Append(report.Passed ? "PASSED" : "FAILED").Append(": ").Append(blocking).Append(" finding(s) at or above ")
            .Append(report.FailOn.ToName()).Append(", ").Append(report.Findings.Count).Append(" in total, ")
            .Append(report.Findings.Count(f => f.Waived)).AppendLine(" waived");
        return sb.ToString();
    }
}
