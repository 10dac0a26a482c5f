namespace ImageGate.Distribution.Tags;

/// <summary>One planned change of an endorsed tag.</summary>
/// <param name="Kind">Create, move or delete.</param>
/// <param name="Repository">The repository.</param>
/// <param name="Tag">The endorsed tag.</param>
/// <param name="From">The digest it points at now (null for a create).</param>
/// <param name="To">The digest it will point at (null for a delete).</param>
public sealed record TagChange(TagChangeKind Kind, string Repository, string Tag, string? From, string? To)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        TagChangeKind.Create => $"create {Repository}:{Tag} -> {To}",
        TagChangeKind.Move => $"move {Repository}:{Tag} {From} -> {To}",
        _ => $"delete {Repository}:{Tag} (was {From})",
    };
}
