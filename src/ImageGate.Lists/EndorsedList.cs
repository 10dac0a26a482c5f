namespace ImageGate.Lists;

/// <summary><c>endorsed-images.json</c>: the signed list of currently endorsed images. Property order is the file's key order.</summary>
public sealed record EndorsedList
{
    /// <summary>The format version of this file.</summary>
    public int FormatVersion { get; init; } = ListContract.FormatVersion;

    /// <summary>A number that grows with every publication (sites reject a lower one: rollback).</summary>
    public required long Version { get; init; }

    /// <summary>When the list was made (UTC).</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>After this time sites must refuse the list (freeze protection).</summary>
    public required DateTimeOffset Expires { get; init; }

    /// <summary>Who endorses these images.</summary>
    public required EndorserIdentity Endorser { get; init; }

    /// <summary>The list repository's commit this list was made from.</summary>
    public string? SourceCommit { get; init; }

    /// <summary>The currently endorsed images (recorded minus revoked minus expired), by name then version.</summary>
    public required IReadOnlyList<EndorsedImage> Images { get; init; }
}
