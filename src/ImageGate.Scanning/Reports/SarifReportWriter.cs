using System.Text.Json;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Reports;

/// <summary>Writes SARIF 2.1.0 for GitHub code scanning: one run, the rules with their clauses and
/// <c>security-severity</c>, results located at <c>image://NAME/PATH</c>, waived findings as suppressions.</summary>
public static class SarifReportWriter
{
    /// <summary>The SARIF schema the output declares.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>Writes the report to <paramref name="stream"/>.</summary>
    public static void Write(ScanReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rules = report.Rules.ToList();
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("$schema", SchemaUri);
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "imagegate");
        w.WriteString("semanticVersion", report.ToolVersion);
        w.WriteString("informationUri", "https://github.com/imagegate/imagegate/blob/main/docs/policy.md");
        w.WriteStartArray("rules");
        foreach (var r in rules)
        {
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteString("name", Pascal(r.Id));
            w.WriteStartObject("shortDescription"); w.WriteString("text", r.Title); w.WriteEndObject();
            w.WriteStartObject("fullDescription"); w.WriteString("text", $"{r.Title}. Policy clause ({r.Clause.Id}): {r.Clause.Text}"); w.WriteEndObject();
            w.WriteStartObject("help");
            w.WriteString("text", r.Remedy ?? r.Title);
            w.WriteString("markdown", $"**Policy clause** ({r.Clause.Id}): {r.Clause.Text}\n\n**Fix:** {r.Remedy ?? r.Title}");
            w.WriteEndObject();
            w.WriteStartObject("defaultConfiguration"); w.WriteString("level", Level(r.DefaultSeverity)); w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteStartArray("tags"); w.WriteStringValue("security"); w.WriteStringValue(r.Category); w.WriteStringValue($"clause:{r.Clause.Id}"); w.WriteEndArray();
            w.WriteString("security-severity", SecuritySeverity(r.DefaultSeverity));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("automationDetails");
        w.WriteString("id", $"imagegate/{report.Image.Name}/");
        w.WriteEndObject();
        w.WriteStartArray("results");
        foreach (var f in report.Findings)
        {
            w.WriteStartObject();
            w.WriteString("ruleId", f.RuleId);
            if (index.TryGetValue(f.RuleId, out var i)) w.WriteNumber("ruleIndex", i);
            w.WriteString("level", Level(f.Severity));
            w.WriteStartObject("message"); w.WriteString("text", $"{f.Message} [{f.Severity.ToName()}]"); w.WriteEndObject();
            w.WriteStartArray("locations");
            w.WriteStartObject();
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation"); w.WriteString("uri", LocationUri(report.Image.Name, f.Path)); w.WriteEndObject();
            w.WriteStartObject("region"); w.WriteNumber("startLine", 1); w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("partialFingerprints"); w.WriteString("imagegateFingerprint/v1", f.Fingerprint); w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("severity", f.Severity.ToName());
            w.WriteString("clause", f.Clause);
            w.WriteString("security-severity", SecuritySeverity(f.Severity));
            w.WriteEndObject();
            if (f.Waived)
            {
                w.WriteStartArray("suppressions");
                w.WriteStartObject();
                w.WriteString("kind", "external");
                w.WriteString("status", "accepted");
                w.WriteString("justification", f.WaiverJustification ?? "waived by policy");
                w.WriteEndObject();
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary><c>image://NAME/PATH</c> with each segment percent-encoded.</summary>
    public static string LocationUri(string imageName, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString);
        return $"image://{Uri.EscapeDataString(imageName)}/{string.Join('/', segments)}";
    }

    private static string Level(Severity s) => s switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    private static string SecuritySeverity(Severity s) => s switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => "0.0",
    };

    private static string Pascal(string id) =>
        string.Concat(id.Split('/', '-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
