using System.Text.Json.Nodes;
using ImageGate.Core.Packages;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning;

/// <summary>The outcome of a scan: the image, OS, packages, findings, waivers and the gate verdict.</summary>
public sealed record ScanReport
{
    /// <summary>The tool version that made the report.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>When the scan ran (UTC).</summary>
    public required DateTimeOffset ScannedAt { get; init; }

    /// <summary>The scanned image.</summary>
    public required ImageDescription Image { get; init; }

    /// <summary>The OS, when os-release names one.</summary>
    public OsRelease? Os { get; init; }

    /// <summary>Installed packages (dpkg, rpm).</summary>
    public IReadOnlyList<InstalledPackage> Packages { get; init; } = [];

    /// <summary>Number of installed packages.</summary>
    public int PackageCount => Packages.Count;

    /// <summary>Findings, most severe first (waived ones included, marked).</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Every rule that ran (built-in and from extra checks), for SARIF and the docs.</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; init; } = [];

    /// <summary>What became of each waiver.</summary>
    public IReadOnlyList<WaiverStatus> Waivers { get; init; } = [];

    /// <summary>The gate threshold used.</summary>
    public Severity FailOn { get; init; } = Severity.High;

    /// <summary>Where the policy came from.</summary>
    public string PolicySource { get; init; } = "embedded default";

    /// <summary>Extra report sections from checks (e.g. <c>missingUpdates</c>).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Sections { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>Extra markdown from checks, appended to the markdown report.</summary>
    public IReadOnlyList<string> MarkdownSections { get; init; } = [];

    /// <summary>Counters and duration.</summary>
    public ScanStatistics Statistics { get; init; } = new(0, 0, 0, 0, TimeSpan.Zero);

    /// <summary>True when no unwaived finding is at or above <see cref="FailOn"/>.</summary>
    public bool Passed { get; init; }

    /// <summary>Unwaived findings at or above the threshold (the ones that fail the gate).</summary>
    public IEnumerable<Finding> Blocking => Findings.Where(f => !f.Waived && f.Severity >= FailOn);
}
