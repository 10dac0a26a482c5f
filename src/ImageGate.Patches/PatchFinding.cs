namespace ImageGate.Patches;

/// <summary>A finding for the scan report, in the scanner's terms.</summary>
/// <param name="RuleId">Rule id (<c>patches/security-update-missing</c>, <c>patches/update-available</c>, <c>patches/check-skipped</c> …).</param>
/// <param name="Severity">critical, high, medium, low or info (the policy may override).</param>
/// <param name="Path">The file the finding is about (the package database or the repository configuration).</param>
/// <param name="Message">What was found, for people.</param>
public sealed record PatchFinding(string RuleId, string Severity, string Path, string Message)
{
    /// <summary>The package the finding is about, when it is about one.</summary>
    public string? Package { get; init; }
}
