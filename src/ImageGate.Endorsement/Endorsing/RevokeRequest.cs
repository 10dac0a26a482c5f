using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;

namespace ImageGate.Endorsement.Endorsing;

/// <summary>Everything <see cref="Endorser.RevokeAsync"/> needs.</summary>
public sealed record RevokeRequest
{
    /// <summary>The image version to revoke.</summary>
    public required ImageReference Image { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }

    /// <summary>Who revokes it (a person or workflow identity).</summary>
    public required string RevokedBy { get; init; }

    /// <summary>The list repository.</summary>
    public required ListRepository Repository { get; init; }

    /// <summary>The branch revocations merge into.</summary>
    public string Base { get; init; } = "main";

    /// <summary>The commit author.</summary>
    public GitAuthor Author { get; init; } = GitAuthor.Default;

    /// <summary>Markdown appended to the pull request body (e.g. the missing security updates <c>recheck</c> found).</summary>
    public string? Details { get; init; }

    /// <summary>Extra labels for the pull request.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
}
