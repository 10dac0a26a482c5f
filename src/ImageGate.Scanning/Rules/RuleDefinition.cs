namespace ImageGate.Scanning.Rules;

/// <summary>A rule of the scan: its id (<c>category/name</c>), title, default severity and the clause it enforces.</summary>
/// <param name="Id">Stable id, <c>&lt;category&gt;/&lt;name&gt;</c>.</param>
/// <param name="Title">One line saying what the rule finds.</param>
/// <param name="DefaultSeverity">Severity unless the policy overrides it.</param>
/// <param name="Clause">The policy clause the rule enforces.</param>
public sealed record RuleDefinition(string Id, string Title, Severity DefaultSeverity, PolicyClause Clause)
{
    /// <summary>How to fix a finding of this rule.</summary>
    public string? Remedy { get; init; }

    /// <summary>The category: the part of the id before the slash.</summary>
    public string Category => Id[..Id.IndexOf('/', StringComparison.Ordinal)];
}
