using System.Text.Json;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Reports;

/// <summary>Writes the JSON report: <c>tool</c>, <c>scannedAt</c>, <c>image</c> {path, name, format, size, sha256, sha512},
/// <c>os</c> {id, versionId, prettyName}, <c>packageCount</c>, <c>findings</c> [{ruleId, severity, path, message, clause,
/// fingerprint, waived}], <c>summary</c>, <c>waivers</c>, <c>policy</c>, <c>statistics</c>, extra check sections
/// (e.g. <c>missingUpdates</c>) and <c>passed</c>.</summary>
public static class JsonReportWriter
{
    /// <summary>Writes the report to <paramref name="stream"/> (UTF-8, indented).</summary>
    public static void Write(ScanReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteString("name", "imagegate");
        w.WriteString("version", report.ToolVersion);
        w.WriteEndObject();
        w.WriteString("scannedAt", report.ScannedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        WriteImageAndOs(w, report.Image, report.Os);
        w.WriteNumber("packageCount", report.PackageCount);
        w.WriteStartArray("findings");
        foreach (var f in report.Findings)
        {
            w.WriteStartObject();
            w.WriteString("ruleId", f.RuleId);
            w.WriteString("severity", f.Severity.ToName());
            w.WriteString("path", f.Path);
            w.WriteString("message", f.Message);
            w.WriteString("clause", f.Clause);
            w.WriteString("fingerprint", f.Fingerprint);
            w.WriteBoolean("waived", f.Waived);
            if (f.WaiverJustification is not null) w.WriteString("waiver", f.WaiverJustification);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("summary");
        foreach (var s in Enum.GetValues<Severity>().OrderDescending())
            w.WriteNumber(s.ToName(), report.Findings.Count(f => !f.Waived && f.Severity == s));
        w.WriteNumber("waived", report.Findings.Count(f => f.Waived));
        w.WriteEndObject();
        w.WriteStartArray("waivers");
        foreach (var s in report.Waivers)
        {
            w.WriteStartObject();
            w.WriteString("ruleId", s.Waiver.RuleId);
            w.WriteString("path", s.Waiver.Path);
            w.WriteString("justification", s.Waiver.Justification);
            w.WriteString("expires", s.Waiver.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("approvedBy", s.Waiver.ApprovedBy);
            w.WriteString("status", s.Status);
            w.WriteNumber("matched", s.Matched);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("policy");
        w.WriteString("source", report.PolicySource);
        w.WriteString("failOn", report.FailOn.ToName());
        w.WriteEndObject();
        w.WriteStartObject("statistics");
        w.WriteNumber("entries", report.Statistics.Entries);
        w.WriteNumber("filesSearched", report.Statistics.FilesSearched);
        w.WriteNumber("bytesSearched", report.Statistics.BytesSearched);
        w.WriteNumber("filesSkipped", report.Statistics.FilesSkipped);
        w.WriteNumber("durationMs", (long)report.Statistics.Duration.TotalMilliseconds);
        w.WriteEndObject();
        foreach (var (name, node) in report.Sections)
        {
            w.WritePropertyName(name);
            if (node is null) w.WriteNullValue(); else node.WriteTo(w);
        }
        w.WriteBoolean("passed", report.Passed);
        w.WriteEndObject();
    }

    /// <summary>The report as a string.</summary>
    public static string ToJson(ScanReport report)
    {
        using var ms = new MemoryStream();
        Write(report, ms);
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>The <c>image</c> and <c>os</c> members every ImageGate JSON document about an image starts with.</summary>
    internal static void WriteImageAndOs(Utf8JsonWriter w, ImageDescription image, Core.Packages.OsRelease? os)
    {
        w.WriteStartObject("image");
        w.WriteString("path", image.Path);
        w.WriteString("name", image.Name);
        w.WriteString("format", image.Format);
        if (image.Size is { } size) w.WriteNumber("size", size); else w.WriteNull("size");
        w.WriteString("sha256", image.Sha256);
        w.WriteString("sha512", image.Sha512);
        w.WriteEndObject();
        if (os is not null)
        {
            w.WriteStartObject("os");
            w.WriteString("id", os.Id);
            w.WriteString("versionId", os.VersionId);
            w.WriteString("prettyName", os.PrettyName);
            w.WriteEndObject();
        }
        else w.WriteNull("os");
    }
}
