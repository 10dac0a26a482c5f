using System.Text;

namespace ImageGate.Scanning.Reports;

/// <summary>Writes a report in any <see cref="ReportFormat"/>.</summary>
public static class ReportWriter
{
    /// <summary>Writes <paramref name="report"/> as <paramref name="format"/> to <paramref name="stream"/>.</summary>
    public static void Write(ScanReport report, ReportFormat format, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        switch (format)
        {
            case ReportFormat.Json: JsonReportWriter.Write(report, stream); break;
            case ReportFormat.Sarif: SarifReportWriter.Write(report, stream); break;
            case ReportFormat.Markdown: stream.Write(Encoding.UTF8.GetBytes(MarkdownReportWriter.ToMarkdown(report))); break;
            default: stream.Write(Encoding.UTF8.GetBytes(TableReportWriter.ToText(report))); break;
        }
    }

    /// <summary>The report as text.</summary>
    public static string ToText(ScanReport report, ReportFormat format)
    {
        using var ms = new MemoryStream();
        Write(report, format, ms);
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>The usual file extension of a format (<c>.json</c>, <c>.sarif</c>, <c>.md</c>, <c>.txt</c>).</summary>
    public static string Extension(ReportFormat format) => format switch
    {
        ReportFormat.Json => ".json",
        ReportFormat.Sarif => ".sarif",
        ReportFormat.Markdown => ".md",
        _ => ".txt",
    };
}
