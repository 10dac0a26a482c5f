using ImageGate.Core.Errors;

namespace ImageGate.Scanning.Rules;

/// <summary>The lower-case names of severities used in policies and reports.</summary>
public static class SeverityNames
{
    /// <summary>The name of a severity (<c>critical</c>, <c>high</c> …).</summary>
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        _ => "info",
    };

    /// <summary>Parses a severity name; <c>none</c> is not a severity. Bad input names the accepted values.</summary>
    public static Severity Parse(string name, string? source = null) => name.Trim().ToLowerInvariant() switch
    {
        "critical" => Severity.Critical,
        "high" => Severity.High,
        "medium" => Severity.Medium,
        "low" => Severity.Low,
        "info" => Severity.Info,
        _ => throw new BadInputException($"'{name}' is not a severity (critical, high, medium, low, info)", source),
    };
}
