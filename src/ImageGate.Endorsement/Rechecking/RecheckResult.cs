using ImageGate.Core.Outcomes;

namespace ImageGate.Endorsement.Rechecking;

/// <summary>What a recheck of the list found.</summary>
/// <param name="CheckedAt">The time the check used (UTC).</param>
/// <param name="SourceCommit">The commit of the base branch whose records were checked.</param>
/// <param name="Images">Every currently endorsed image version, sorted by name then version.</param>
/// <param name="Skipped">Versions not checked because they are revoked or expired (<c>NAME@VERSION: why</c>).</param>
public sealed record RecheckResult(DateTimeOffset CheckedAt, string SourceCommit, IReadOnlyList<ImageRecheck> Images, IReadOnlyList<string> Skipped)
{
    /// <summary>True when some image misses security updates.</summary>
    public bool AnyMissing => Images.Any(i => i.Status == RecheckStatus.MissingUpdates);

    /// <summary>True when some image could not be checked because of an error.</summary>
    public bool AnyFailed => Images.Any(i => i.Status == RecheckStatus.Failed);

    /// <summary><see cref="Outcome.GateFailed"/> when some image misses security updates (whatever else failed), else
    /// <see cref="Outcome.Incomplete"/> when some image could not be checked, else <see cref="Outcome.Passed"/>
    /// (images with no recorded inventory are warned about, not failed).</summary>
    public Outcome Outcome => AnyMissing ? Outcome.GateFailed : AnyFailed ? Outcome.Incomplete : Outcome.Passed;
}
