using ImageGate.Scanning.Licences;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Policy;

/// <summary>A loaded <c>imagegate.policy.yaml</c>: rule settings, content-search skips, waivers and the gate threshold.</summary>
public sealed record ScanPolicy
{
    /// <summary>Where the policy came from (<c>embedded default</c> or a file path).</summary>
    public string Source { get; init; } = "embedded default";

    /// <summary>The gate threshold when the command line does not give one.</summary>
    public Severity FailOn { get; init; } = Severity.High;

    /// <summary>Per-rule settings by rule id.</summary>
    public IReadOnlyDictionary<string, RuleSetting> Rules { get; init; } = new Dictionary<string, RuleSetting>();

    /// <summary>Files the content search skips.</summary>
    public IReadOnlyList<ContentSkip> ContentSkips { get; init; } = [];

    /// <summary>Approved exceptions.</summary>
    public IReadOnlyList<Waiver> Waivers { get; init; } = [];

    /// <summary>The <c>licences</c> section: allowed and denied ids and categories, non-free and trusted areas.</summary>
    public LicencePolicy Licences { get; init; } = new();

    /// <summary>False when the policy turns the rule off.</summary>
    public bool IsEnabled(string ruleId) => !Rules.TryGetValue(ruleId, out var s) || s.Enabled;

    /// <summary>The rule's severity after the policy's override.</summary>
    public Severity SeverityOf(string ruleId, Severity fallback) =>
        Rules.TryGetValue(ruleId, out var s) && s.Severity is { } sev ? sev : fallback;

    /// <summary>The embedded default policy (also printed by <c>imagegate policy show</c>).</summary>
    public static ScanPolicy Default => PolicyLoader.Default;
}
