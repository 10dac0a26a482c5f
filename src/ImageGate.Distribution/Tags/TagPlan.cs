namespace ImageGate.Distribution.Tags;

/// <summary>The changes that make the registry's endorsed tags equal the signed list.</summary>
/// <param name="Changes">The changes, ordered by repository and tag; empty when nothing is to do.</param>
/// <param name="Foreign">Hyphen-free tags in the list's repositories that ImageGate does not manage: left alone,
/// reported because atrope would sync them.</param>
public sealed record TagPlan(IReadOnlyList<TagChange> Changes, IReadOnlyList<RegistryTag> Foreign)
{
    /// <summary>True when the registry already matches the list.</summary>
    public bool IsEmpty => Changes.Count == 0;
}
