namespace ImageGate.Endorsement.Hosting;

/// <summary>The forge that hosts the list repository (GitHub): pull requests, labels, comments, releases.
/// ImageGate.GitHub implements it; endorsement never talks to the forge any other way.</summary>
public interface IRepositoryHost
{
    /// <summary>Opens a pull request from <see cref="PullRequestDraft.Head"/>, or updates the open one from that branch;
    /// applies the labels. Never creates a second pull request for the same branch.</summary>
    Task<PullRequestInfo> OpenOrUpdatePullRequestAsync(PullRequestDraft draft, CancellationToken cancellationToken);

    /// <summary>Adds a comment to a pull request.</summary>
    Task AddCommentAsync(int pullRequestNumber, string body, CancellationToken cancellationToken);

    /// <summary>The pull request numbered <paramref name="number"/>, or null when there is none.</summary>
    Task<MergedPullRequest?> GetPullRequestAsync(int number, CancellationToken cancellationToken);

    /// <summary>Every review of the pull request numbered <paramref name="number"/>, oldest first.</summary>
    Task<IReadOnlyList<PullRequestReview>> GetReviewsAsync(int number, CancellationToken cancellationToken);

    /// <summary>Downloads an asset of the release tagged <paramref name="tag"/>, or null when the release or asset does not exist.</summary>
    Task<byte[]?> GetReleaseAssetAsync(string tag, string assetName, CancellationToken cancellationToken);

    /// <summary>Creates the release tagged <see cref="ReleaseDraft.Tag"/> or updates it, replacing assets of the same names.</summary>
    Task<ReleaseInfo> PublishReleaseAsync(ReleaseDraft draft, CancellationToken cancellationToken);
}
