namespace ImageGate.Endorsement.Inputs;

/// <summary>One finding of a scan report, as the endorsement PR shows it.</summary>
/// <param name="RuleId">The rule that fired.</param>
/// <param name="Severity">Its severity.</param>
/// <param name="Path">The path inside the image, when any.</param>
/// <param name="Message">What was found.</param>
/// <param name="Waived">Whether a waiver covers it.</param>
public sealed record ScanFinding(string RuleId, string Severity, string? Path, string Message, bool Waived);
