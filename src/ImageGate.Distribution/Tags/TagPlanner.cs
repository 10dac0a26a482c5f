using System.Text.RegularExpressions;
using ImageGate.Core.Errors;

namespace ImageGate.Distribution.Tags;

/// <summary>Plans the endorsed tags (issue 16 item 4) as a pure function: for each repository and endorsed tag
/// the newest currently endorsed version holds the tag; when the newest is revoked or expires the tag moves back
/// to the previous endorsed version; when none remains it is deleted. Only tags ImageGate manages are touched (the
/// endorsed tags the list has ever assigned, given as <c>managed</c>); tags with a hyphen (push's
/// <c>VERSION-HEX12</c>) are never touched.</summary>
public static partial class TagPlanner
{
    /// <summary>The tag pattern EGI's atrope syncs: no hyphen.</summary>
    public const string SyncablePattern = "^[^-]*$";

    /// <summary>Plans the changes.</summary>
    /// <param name="endorsed">Every currently endorsed version (not revoked, not expired).</param>
    /// <param name="managed">Every (repository, endorsed tag) the list has ever assigned, revoked and expired included.</param>
    /// <param name="current">The registry's tags now, in the list's repositories.</param>
    public static TagPlan Plan(IEnumerable<EndorsedVersion> endorsed, IEnumerable<(string Repository, string Tag)> managed, IEnumerable<RegistryTag> current)
    {
        ArgumentNullException.ThrowIfNull(endorsed);
        ArgumentNullException.ThrowIfNull(managed);
        ArgumentNullException.ThrowIfNull(current);
        var desired = new Dictionary<(string, string), string>();
        foreach (var group in endorsed.GroupBy(e => (e.Repository, e.EndorsedTag)))
        {
            if (!IsSyncable(group.Key.EndorsedTag))
                throw new BadInputException($"endorsed tag '{group.Key.EndorsedTag}' of {group.Key.Repository} is not a hyphen-free tag");
            var newest = group.OrderByDescending(e => e.Endorsed).ThenBy(e => e.ManifestDigest, StringComparer.Ordinal).First();
            desired[group.Key] = newest.ManifestDigest;
        }
        var managedSet = new HashSet<(string, string)>(managed);
        foreach (var key in desired.Keys) managedSet.Add(key);
        var now = new Dictionary<(string, string), string>();
        var foreign = new List<RegistryTag>();
        foreach (var t in current)
        {
            if (!IsSyncable(t.Tag)) continue;
            if (managedSet.Contains((t.Repository, t.Tag))) now[(t.Repository, t.Tag)] = t.Digest;
            else foreign.Add(t);
        }
        var changes = new List<TagChange>();
        foreach (var key in managedSet)
        {
            var has = now.GetValueOrDefault(key);
            var want = desired.GetValueOrDefault(key);
            if (has == want) continue;
            changes.Add(want is null ? new TagChange(TagChangeKind.Delete, key.Item1, key.Item2, has, null)
                : has is null ? new TagChange(TagChangeKind.Create, key.Item1, key.Item2, null, want)
                : new TagChange(TagChangeKind.Move, key.Item1, key.Item2, has, want));
        }
        return new TagPlan(
            changes.OrderBy(c => c.Repository, StringComparer.Ordinal).ThenBy(c => c.Tag, StringComparer.Ordinal).ToList(),
            foreign.OrderBy(f => f.Repository, StringComparer.Ordinal).ThenBy(f => f.Tag, StringComparer.Ordinal).ToList());
    }

    /// <summary>The default endorsed tag of an image: its os-release <c>VERSION_ID</c> (<c>12</c>, <c>9.4</c>) with
    /// any hyphen turned into a dot, else <c>stable</c>.</summary>
    public static string DefaultEndorsedTag(string? versionId)
    {
        if (string.IsNullOrEmpty(versionId)) return "stable";
        var tag = NotTagChar().Replace(versionId.Replace('-', '.'), "_");
        return Client.RegistryReference.IsValidTag(tag) && IsSyncable(tag) ? tag : "stable";
    }

    /// <summary>True when atrope's EGI pattern (<see cref="SyncablePattern"/>) takes the tag.</summary>
    public static bool IsSyncable(string tag) => Syncable().IsMatch(tag);

    [GeneratedRegex(SyncablePattern)]
    private static partial Regex Syncable();

    [GeneratedRegex("[^a-zA-Z0-9._]")]
    private static partial Regex NotTagChar();
}
