using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Policy;

/// <summary>The policy's setting for one rule.</summary>
/// <param name="Enabled">False turns the rule off.</param>
/// <param name="Severity">A severity override, or null for the rule's default.</param>
public sealed record RuleSetting(bool Enabled, Severity? Severity);
