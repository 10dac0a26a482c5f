using System.Text.Json.Nodes;

namespace ImageGate.Scanning.Checks;

/// <summary>What an <see cref="IImageCheck"/> returns: findings and named report sections.</summary>
public sealed record ImageCheckResult
{
    /// <summary>The findings.</summary>
    public IReadOnlyList<CheckFinding> Findings { get; init; } = [];

    /// <summary>Extra top-level JSON report sections by name (e.g. <c>missingUpdates</c>, <c>repositories</c>).</summary>
    public IReadOnlyDictionary<string, JsonNode?> Sections { get; init; } = new Dictionary<string, JsonNode?>();

    /// <summary>Extra markdown for the summary (a heading and a table), or null.</summary>
    public string? Markdown { get; init; }
}
