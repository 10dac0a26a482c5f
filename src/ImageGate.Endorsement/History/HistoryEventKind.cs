namespace ImageGate.Endorsement.History;

/// <summary>What happened to an image version.</summary>
public enum HistoryEventKind
{
    /// <summary>The version was endorsed (its record reached the base branch).</summary>
    Endorsed,

    /// <summary>The version was revoked (its revocation record reached the base branch).</summary>
    Revoked,
}
