using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning;

/// <summary>One finding of a scan. Messages never hold a secret's bytes; <see cref="Fingerprint"/> is a truncated
/// salted hash that identifies the secret across scans without revealing it.</summary>
/// <param name="RuleId">The rule (<c>category/name</c>).</param>
/// <param name="Severity">Severity after the policy's overrides.</param>
/// <param name="Path">Path inside the image the finding is about.</param>
/// <param name="Message">What was found, for people (never the secret itself).</param>
/// <param name="Clause">Id of the policy clause the rule enforces.</param>
public sealed record Finding(string RuleId, Severity Severity, string Path, string Message, string Clause)
{
    /// <summary>A truncated salted hash of the secret (or of rule and path when there is no secret).</summary>
    public string Fingerprint { get; init; } = "";

    /// <summary>True when a waiver in the policy covers the finding (it then never fails the gate).</summary>
    public bool Waived { get; init; }

    /// <summary>The waiver's justification when waived.</summary>
    public string? WaiverJustification { get; init; }
}
