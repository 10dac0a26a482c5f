namespace ImageGate.Endorsement.Inputs;

/// <summary>The licence changes since the previously endorsed version: packages whose category changed, and packages
/// (new or updated) that bring a licence id the previous version did not have anywhere.</summary>
/// <param name="PreviousVersion">The version compared against.</param>
/// <param name="CategoryChanged">(package, previous category, category, licence now).</param>
/// <param name="NewLicences">(package, licence, the ids new to the image).</param>
public sealed record LicenceDiff(
    string PreviousVersion,
    IReadOnlyList<(string Name, string From, string To, string? Licence)> CategoryChanged,
    IReadOnlyList<(string Name, string? Licence, IReadOnlyList<string> NewIds)> NewLicences)
{
    /// <summary>Compares two classifications (a package listed twice, e.g. for two architectures, counts once).</summary>
    public static LicenceDiff Compute(string previousVersion, IReadOnlyList<PackageLicenceInfo> previous, IReadOnlyList<PackageLicenceInfo> current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        var before = previous.GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var knownIds = previous.SelectMany(p => p.Ids()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var changed = new List<(string, string, string, string?)>();
        var brought = new List<(string, string?, IReadOnlyList<string>)>();
        foreach (var p in current.GroupBy(p => p.Name, StringComparer.Ordinal).Select(g => g.First()).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (before.TryGetValue(p.Name, out var old) && old.Category != p.Category) changed.Add((p.Name, old.Category, p.Category, p.Licence));
            var fresh = p.Ids().Where(id => !knownIds.Contains(id)).ToList();
            if (fresh.Count > 0) brought.Add((p.Name, p.Licence, fresh));
        }
        return new LicenceDiff(previousVersion, changed, brought);
    }
}
