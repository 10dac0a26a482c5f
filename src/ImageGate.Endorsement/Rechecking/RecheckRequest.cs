using ImageGate.Endorsement.Git;
using ImageGate.Patches;

namespace ImageGate.Endorsement.Rechecking;

/// <summary>Everything <see cref="Rechecker"/> needs: the list repository, how to fetch today's metadata, what to propose.</summary>
public sealed record RecheckRequest
{
    /// <summary>The list repository.</summary>
    public required ListRepository Repository { get; init; }

    /// <summary>The branch whose records are checked (and that revocations merge into).</summary>
    public string Base { get; init; } = "main";

    /// <summary>How repository metadata is fetched (mirrors, offline folder, cache) and the clock.</summary>
    public PatchCheckOptions PatchOptions { get; init; } = new();

    /// <summary>Only report: propose no revocation even when a repository host is given.</summary>
    public bool DryRun { get; init; }

    /// <summary>Who the revocations are recorded as made by.</summary>
    public string RevokedBy { get; init; } = "imagegate recheck";

    /// <summary>The commit author of revocations.</summary>
    public GitAuthor Author { get; init; } = GitAuthor.Default;

    /// <summary>Extra labels for the revocation pull requests.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
}
