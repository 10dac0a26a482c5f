namespace ImageGate.Scanning.Rules;

/// <summary>A clause of the endorsement policy a rule enforces.</summary>
/// <param name="Id">Short stable id (<c>no-credentials</c> …).</param>
/// <param name="Text">The clause as docs/policy.md quotes it.</param>
public sealed record PolicyClause(string Id, string Text);
