using System.Text.Json;

namespace ImageGate.Endorsement.Inputs;

/// <summary>One package's licence classification as the scan report's <c>licences.packages[]</c> gives it.</summary>
/// <param name="Name">Package name.</param>
/// <param name="Version">Package version.</param>
/// <param name="Licence">SPDX expression, or null when none was recorded.</param>
/// <param name="Area">Where it came from: the Debian archive area, or the rpm repository (<c>no recorded repository</c>
/// for a non-free rpm none is recorded for); null otherwise.</param>
/// <param name="Category">Category name (forbidden … unencumbered, licenseref, unknown).</param>
/// <param name="Verdict">The policy's verdict: allowed, unknown or denied.</param>
/// <param name="NonFree">True when from a non-free archive area or repository.</param>
/// <param name="Review">True when the scan's licence rules report the package (denied, non-free, or unknown outside a trusted area).</param>
public sealed record PackageLicenceInfo(string Name, string Version, string? Licence, string? Area, string Category, string Verdict, bool NonFree, bool Review)
{
    /// <summary>The SPDX ids the expression names (operators, parentheses and <c>WITH</c> exceptions left out).</summary>
    public IReadOnlyList<string> Ids()
    {
        if (Licence is null) return [];
        var words = Licence.Replace("(", " ", StringComparison.Ordinal).Replace(")", " ", StringComparison.Ordinal)
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ids = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            var w = words[i];
            if (w.Equals("WITH", StringComparison.OrdinalIgnoreCase)) { i++; continue; }
            if (w.Equals("AND", StringComparison.OrdinalIgnoreCase) || w.Equals("OR", StringComparison.OrdinalIgnoreCase)) continue;
            if (!ids.Contains(w, StringComparer.OrdinalIgnoreCase)) ids.Add(w);
        }
        return ids;
    }

    /// <summary>Reads <c>licences.packages</c> of a scan report; null when the report has no licence section.</summary>
    internal static IReadOnlyList<PackageLicenceInfo>? FromReport(JsonElement root)
    {
        if (JsonFields.Get(root, "licences") is not { ValueKind: JsonValueKind.Object } section
            || JsonFields.Get(section, "packages") is not { ValueKind: JsonValueKind.Array }) return null;
        return JsonFields.Array(section, "packages").Where(p => p.ValueKind == JsonValueKind.Object)
            .Select(p => new PackageLicenceInfo(JsonFields.String(p, "name") ?? "", JsonFields.String(p, "version") ?? "", JsonFields.String(p, "licence"),
                JsonFields.String(p, "area") ?? JsonFields.String(p, "repository")
                    ?? (JsonFields.String(p, "type") == "rpm" && JsonFields.Bool(p, "nonFree") == true ? "no recorded repository" : null),
                JsonFields.String(p, "category") ?? "unknown", JsonFields.String(p, "verdict") ?? "unknown",
                JsonFields.Bool(p, "nonFree") ?? false,
                JsonFields.Bool(p, "review") ?? (JsonFields.Bool(p, "nonFree") == true || JsonFields.String(p, "verdict") is not "allowed")))
            .Where(p => p.Name.Length > 0)
            .ToList();
    }
}
