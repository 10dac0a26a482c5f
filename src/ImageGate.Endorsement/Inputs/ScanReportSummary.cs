using System.Text.Json;
using ImageGate.Endorsement.Format;

namespace ImageGate.Endorsement.Inputs;

/// <summary>What endorsement reads from a scan report (fields by name, defensively).</summary>
public sealed record ScanReportSummary
{
    /// <summary>Whether the gate passed (<c>passed</c>).</summary>
    public required bool Passed { get; init; }

    /// <summary><c>image.sha256</c>, when present.</summary>
    public string? Sha256 { get; init; }

    /// <summary><c>image.sha512</c>, when present.</summary>
    public string? Sha512 { get; init; }

    /// <summary><c>image.size</c>, when present.</summary>
    public long? Size { get; init; }

    /// <summary><c>image.format</c>, when present.</summary>
    public string? Format { get; init; }

    /// <summary><c>os.{id,versionId,prettyName}</c>.</summary>
    public required Lists.OperatingSystem Os { get; init; }

    /// <summary><c>findings[]</c>.</summary>
    public required IReadOnlyList<ScanFinding> Findings { get; init; }

    /// <summary>A <c>packages</c> array in the report, when present.</summary>
    public IReadOnlyList<PackageVersion>? Packages { get; init; }

    /// <summary>The report's licence classification (<c>licences.packages</c>), when it has one.</summary>
    public IReadOnlyList<PackageLicenceInfo>? Licences { get; init; }

    /// <summary>Reads a scan report's bytes; bad input naming <paramref name="path"/> when it is not a JSON object or lacks <c>passed</c>.</summary>
    public static ScanReportSummary Parse(ReadOnlyMemory<byte> json, string path)
    {
        using var doc = JsonFields.Parse(json, path, "scan report");
        var root = doc.RootElement;
        var passed = JsonFields.Bool(root, "passed")
            ?? throw new Core.Errors.BadInputException("the scan report has no boolean 'passed'", path);
        var findings = JsonFields.Array(root, "findings")
            .Where(f => f.ValueKind == JsonValueKind.Object)
            .Select(f => new ScanFinding(
                JsonFields.String(f, "ruleId") ?? "unknown",
                JsonFields.String(f, "severity") ?? "unknown",
                JsonFields.String(f, "path"),
                JsonFields.String(f, "message") ?? "",
                JsonFields.Bool(f, "waived") ?? false))
            .ToList();
        var packages = JsonFields.Get(root, "packages") is { ValueKind: JsonValueKind.Array } ? PackageVersion.FromArray(JsonFields.Array(root, "packages")) : null;
        return new ScanReportSummary
        {
            Passed = passed,
            Sha256 = JsonFields.String(root, "image", "sha256")?.ToLowerInvariant(),
            Sha512 = JsonFields.String(root, "image", "sha512")?.ToLowerInvariant(),
            Size = JsonFields.Long(root, "image", "size"),
            Format = JsonFields.String(root, "image", "format"),
            Os = new Lists.OperatingSystem(JsonFields.String(root, "os", "id"), JsonFields.String(root, "os", "versionId"), JsonFields.String(root, "os", "prettyName")),
            Findings = findings,
            Packages = packages,
            Licences = PackageLicenceInfo.FromReport(root),
        };
    }
}
