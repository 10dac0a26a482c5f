namespace ImageGate.Endorsement.Inputs;

/// <summary>The package differences between the previously endorsed version of an image and this one.</summary>
/// <param name="PreviousVersion">The version compared against, or null when there is none.</param>
/// <param name="Added">Packages only in the new image.</param>
/// <param name="Removed">Packages only in the previous image.</param>
/// <param name="Upgraded">Packages whose version went up: (name, old, new).</param>
/// <param name="Downgraded">Packages whose version went down: (name, old, new).</param>
public sealed record PackageDiff(
    string? PreviousVersion,
    IReadOnlyList<PackageVersion> Added,
    IReadOnlyList<PackageVersion> Removed,
    IReadOnlyList<(string Name, string From, string To)> Upgraded,
    IReadOnlyList<(string Name, string From, string To)> Downgraded)
{
    /// <summary>Compares two package lists (a package name listed twice keeps its versions joined with ', ').</summary>
    public static PackageDiff Compute(string? previousVersion, IEnumerable<PackageVersion> previous, IEnumerable<PackageVersion> current)
    {
        static Dictionary<string, string> Index(IEnumerable<PackageVersion> list) =>
            list.GroupBy(p => p.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(p => p.Version).Distinct().Order(StringComparer.Ordinal)), StringComparer.Ordinal);
        var before = Index(previous);
        var after = Index(current);
        var added = after.Where(kv => !before.ContainsKey(kv.Key)).Select(kv => new PackageVersion(kv.Key, kv.Value)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var removed = before.Where(kv => !after.ContainsKey(kv.Key)).Select(kv => new PackageVersion(kv.Key, kv.Value)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var changed = after.Where(kv => before.TryGetValue(kv.Key, out var old) && old != kv.Value)
            .Select(kv => (Name: kv.Key, From: before[kv.Key], To: kv.Value))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        return new PackageDiff(previousVersion, added, removed,
            changed.Where(c => VersionOrder.Compare(c.From, c.To) < 0).ToList(),
            changed.Where(c => VersionOrder.Compare(c.From, c.To) >= 0).ToList());
    }
}
