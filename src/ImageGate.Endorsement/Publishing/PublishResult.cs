using ImageGate.Core.Outcomes;
using ImageGate.Endorsement.Hosting;

namespace ImageGate.Endorsement.Publishing;

/// <summary>What <see cref="ListPublisher"/> wrote.</summary>
/// <param name="List">The published list.</param>
/// <param name="Files">The files written, full paths.</param>
/// <param name="Release">The release, when one was created or updated.</param>
public sealed record PublishResult(EndorsedList List, IReadOnlyList<string> Files, ReleaseInfo? Release)
{
    /// <summary>What the publisher ignored and why (e.g. a previous list that does not verify against its signer).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Endorsements left out of the list for want of an approval by a listed endorser other than their author
    /// (GitHub mode); they fail the publication's gate (<see cref="Outcome"/>).</summary>
    public IReadOnlyList<Approvals.RefusedEndorsement> Refused { get; init; } = [];

    /// <summary><see cref="Outcome.GateFailed"/> when an endorsement was left out (<see cref="Refused"/>), else
    /// <see cref="Outcome.Passed"/>: the list itself is published either way.</summary>
    public Outcome Outcome => Refused.Count == 0 ? Outcome.Passed : Outcome.GateFailed;

    /// <summary>What <c>--registry-sync</c> changed (or, with a dry run, would change), one line each.</summary>
    public IReadOnlyList<string> RegistryChanges { get; init; } = [];
}
