namespace ImageGate.Endorsement.Rechecking;

/// <summary>The verdict of re-checking one endorsed image version.</summary>
public enum RecheckStatus
{
    /// <summary>Every installed package has the security updates its repositories offer today.</summary>
    Current,

    /// <summary>Some installed package misses a security update: the image should be revoked.</summary>
    MissingUpdates,

    /// <summary>The endorsement recorded no inventory (an older record), so it cannot be re-checked.</summary>
    NoInventory,

    /// <summary>The check could not be made (metadata unreachable or not verifiable, a damaged inventory).</summary>
    Failed,
}
