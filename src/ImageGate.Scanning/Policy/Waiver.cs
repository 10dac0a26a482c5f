namespace ImageGate.Scanning.Policy;

/// <summary>An approved exception: findings of <paramref name="RuleId"/> on paths matching <paramref name="Path"/> are
/// waived until <paramref name="Expires"/> (inclusive). An expired waiver no longer applies and is reported.</summary>
/// <param name="RuleId">The rule waived.</param>
/// <param name="Path">Path glob.</param>
/// <param name="Justification">Why the finding is acceptable.</param>
/// <param name="Expires">Last day the waiver applies (UTC).</param>
/// <param name="ApprovedBy">Who approved it.</param>
public sealed record Waiver(string RuleId, string Path, string Justification, DateOnly Expires, string ApprovedBy)
{
    /// <summary>True when the waiver still applies on <paramref name="today"/>.</summary>
    public bool IsActiveOn(DateOnly today) => today <= Expires;

    /// <summary>True when the waiver is for <paramref name="ruleId"/>, or for its whole category (<c>licences/*</c>).</summary>
    public bool Covers(string ruleId) =>
        RuleId == ruleId || (RuleId.EndsWith("/*", StringComparison.Ordinal) && ruleId.StartsWith(RuleId[..^1], StringComparison.Ordinal));
}
