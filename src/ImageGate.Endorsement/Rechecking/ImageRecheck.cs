using ImageGate.Endorsement.Endorsing;
using ImageGate.Endorsement.Format;
using ImageGate.Patches;

namespace ImageGate.Endorsement.Rechecking;

/// <summary>The outcome of re-checking one endorsed image version.</summary>
/// <param name="Image">The image version.</param>
/// <param name="Sha256">Its recorded SHA-256.</param>
/// <param name="Status">The verdict.</param>
/// <param name="Message">One line for people (why it cannot be checked, what it misses).</param>
public sealed record ImageRecheck(ImageReference Image, string Sha256, RecheckStatus Status, string Message)
{
    /// <summary>The security updates the image misses today.</summary>
    public IReadOnlyList<MissingUpdate> MissingUpdates { get; init; } = [];

    /// <summary>The repository metadata the verdict used.</summary>
    public IReadOnlyList<RepositoryMetadata> Metadata { get; init; } = [];

    /// <summary>Other findings of the check (no security repository configured, unsigned repository …).</summary>
    public IReadOnlyList<PatchFinding> Findings { get; init; } = [];

    /// <summary>The revocation reason (set when updates are missing).</summary>
    public string? Reason { get; init; }

    /// <summary>The revocation pull request text's details: a table of the missing updates and the metadata used.</summary>
    public string? Details { get; init; }

    /// <summary>The revocation proposed (GitHub mode, not a dry run); null when only reported.</summary>
    public ProposalResult? Revocation { get; init; }
}
