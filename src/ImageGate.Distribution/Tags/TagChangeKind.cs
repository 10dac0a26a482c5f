namespace ImageGate.Distribution.Tags;

/// <summary>What a planned tag change does.</summary>
public enum TagChangeKind
{
    /// <summary>Set a tag that does not exist yet.</summary>
    Create,

    /// <summary>Point an existing tag at another manifest (newer endorsement, or back after a revocation).</summary>
    Move,

    /// <summary>Delete a tag no endorsed version holds any more.</summary>
    Delete,
}
