using ImageGate.Core.Errors;
using ImageGate.Endorsement.Hosting;
using ImageGate.GitHub.Resilience;
using Octokit;
using Octokit.Internal;

namespace ImageGate.GitHub;

/// <summary>The Octokit adapter: pull requests, labels, comments and releases of one repository, every call retried
/// by <see cref="GitHubRetryOptions"/>. Nothing else in ImageGate talks to GitHub.</summary>
public sealed class GitHubRepositoryHost : IRepositoryHost
{
    private readonly GitHubClient _client;
    private readonly GitHubOptions _options;
    private readonly GitHubRequestRunner _runner;
    private readonly string _owner;
    private readonly string _name;
    private readonly string _repoPath;

    /// <summary>Creates the adapter; <paramref name="time"/> drives the retry waits.</summary>
    public GitHubRepositoryHost(GitHubOptions options, TimeProvider? time = null)
    {
        _options = options;
        _owner = options.Owner;
        _name = options.Name;
        _repoPath = $"/repos/{_owner}/{_name}";
        var baseUri = options.ApiUrl.AbsoluteUri.EndsWith('/') ? options.ApiUrl : new Uri(options.ApiUrl.AbsoluteUri + "/");
        var credentials = string.IsNullOrEmpty(options.Token) ? Credentials.Anonymous : new Credentials(options.Token, AuthenticationType.Bearer);
        _client = new GitHubClient(new Connection(new ProductHeaderValue("imagegate"), baseUri, new InMemoryCredentialStore(credentials)));
        _client.SetRequestTimeout(options.Retry.AttemptTimeout);
        _runner = new GitHubRequestRunner(options.Retry, time ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public async Task<PullRequestInfo> OpenOrUpdatePullRequestAsync(PullRequestDraft draft, CancellationToken cancellationToken)
    {
        var existing = await FindOpenAsync(draft, cancellationToken).ConfigureAwait(false);
        var have = (existing?.Labels ?? []).Select(l => l.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var created = false;
        if (existing is null)
        {
            try
            {
                existing = await _runner.RunAsync($"POST {_repoPath}/pulls", () =>
                    _client.PullRequest.Create(_owner, _name, new NewPullRequest(draft.Title, draft.Head, draft.Base) { Body = draft.Body }), cancellationToken).ConfigureAwait(false);
                created = true;
            }
            catch (GitHubRequestException ex) when (ex.Status == System.Net.HttpStatusCode.UnprocessableEntity)
            {
                // An earlier attempt may have created it before the connection dropped: take the open one.
                existing = await FindOpenAsync(draft, cancellationToken).ConfigureAwait(false)
                    ?? throw new ExternalToolException("GitHub", $"POST {_repoPath}/pulls was refused (422) and no open pull request from {draft.Head} exists");
            }
        }
        else if (existing.Title != draft.Title || (existing.Body ?? "") != draft.Body)
        {
            var number = existing.Number;
            existing = await _runner.RunAsync($"PATCH {_repoPath}/pulls/{number}", () =>
                _client.PullRequest.Update(_owner, _name, number, new PullRequestUpdate { Title = draft.Title, Body = draft.Body }), cancellationToken).ConfigureAwait(false);
        }

        have.UnionWith((existing.Labels ?? []).Select(l => l.Name));
        var missing = draft.Labels.Where(l => !have.Contains(l)).ToArray();
        if (missing.Length > 0)
        {
            var n = existing.Number;
            await _runner.RunAsync($"POST {_repoPath}/issues/{n}/labels", () => _client.Issue.Labels.AddToIssue(_owner, _name, n, missing), cancellationToken).ConfigureAwait(false);
        }
        return new PullRequestInfo(existing.Number, existing.HtmlUrl ?? "", created);
    }

    private async Task<PullRequest?> FindOpenAsync(PullRequestDraft draft, CancellationToken ct)
    {
        var request = new PullRequestRequest { State = ItemStateFilter.Open, Head = $"{_owner}:{draft.Head}", Base = draft.Base };
        var open = await _runner.RunAsync($"GET {_repoPath}/pulls?head={_owner}:{draft.Head}", () =>
            _client.PullRequest.GetAllForRepository(_owner, _name, request, new ApiOptions { PageSize = 100, PageCount = 1 }), ct).ConfigureAwait(false);
        return open.Where(p => p.Head?.Ref is null || p.Head.Ref == draft.Head).OrderBy(p => p.Number).FirstOrDefault();
    }

    /// <inheritdoc />
    public Task AddCommentAsync(int pullRequestNumber, string body, CancellationToken cancellationToken) =>
        _runner.RunAsync($"POST {_repoPath}/issues/{pullRequestNumber}/comments", () => _client.Issue.Comment.Create(_owner, _name, pullRequestNumber, body), cancellationToken);

    /// <inheritdoc />
    public async Task<MergedPullRequest?> GetPullRequestAsync(int number, CancellationToken cancellationToken)
    {
        try
        {
            var pr = await _runner.RunAsync($"GET {_repoPath}/pulls/{number}", () => _client.PullRequest.Get(_owner, _name, number), cancellationToken).ConfigureAwait(false);
            return new MergedPullRequest(pr.Number, pr.User?.Login ?? "", pr.Merged, pr.Head?.Sha ?? "", pr.MergeCommitSha, pr.MergedAt);
        }
        catch (GitHubRequestException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Endorsement.Hosting.PullRequestReview>> GetReviewsAsync(int number, CancellationToken cancellationToken)
    {
        var reviews = await _runner.RunAsync($"GET {_repoPath}/pulls/{number}/reviews", () =>
            _client.PullRequest.Review.GetAll(_owner, _name, number, new ApiOptions { PageSize = 100 }), cancellationToken).ConfigureAwait(false);
        return reviews.Select(r => new Endorsement.Hosting.PullRequestReview(r.Id, r.User?.Login ?? "", (r.State.StringValue ?? "").ToUpperInvariant(), r.CommitId ?? "",
            r.SubmittedAt == default ? null : r.SubmittedAt)).ToList();
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetReleaseAssetAsync(string tag, string assetName, CancellationToken cancellationToken)
    {
        var release = await FindReleaseAsync(tag, cancellationToken).ConfigureAwait(false);
        var asset = release?.Assets?.FirstOrDefault(a => a.Name == assetName);
        if (asset is null) return null;
        var response = await _runner.RunAsync($"GET {_repoPath}/releases/assets/{asset.Id}", () =>
            _client.Connection.Get<byte[]>(new Uri(asset.Url), new Dictionary<string, string>(), "application/octet-stream"), cancellationToken).ConfigureAwait(false);
        switch (response.HttpResponse.Body)
        {
            case byte[] bytes:
                return bytes;
            case Stream stream:
                await using (stream)
                {
                    using var copy = new MemoryStream();
                    await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                    return copy.ToArray();
                }
            case string text:
                return System.Text.Encoding.UTF8.GetBytes(text);
            default:
                return response.Body;
        }
    }

    /// <inheritdoc />
    public async Task<ReleaseInfo> PublishReleaseAsync(ReleaseDraft draft, CancellationToken cancellationToken)
    {
        var release = await FindReleaseAsync(draft.Tag, cancellationToken).ConfigureAwait(false);
        if (release is null)
        {
            release = await _runner.RunAsync($"POST {_repoPath}/releases", () =>
                _client.Repository.Release.Create(_owner, _name, new NewRelease(draft.Tag) { Name = draft.Name, Body = draft.Body }), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var id = release.Id;
            release = await _runner.RunAsync($"PATCH {_repoPath}/releases/{id}", () =>
                _client.Repository.Release.Edit(_owner, _name, id, new ReleaseUpdate { Name = draft.Name, Body = draft.Body }), cancellationToken).ConfigureAwait(false);
        }

        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var asset in draft.Assets)
        {
            foreach (var old in (release.Assets ?? []).Where(a => a.Name == asset.Name).ToList())
            {
                var oldId = old.Id;
                await _runner.RunAsync($"DELETE {_repoPath}/releases/assets/{oldId}", async () =>
                {
                    try { await _client.Repository.Release.DeleteAsset(_owner, _name, oldId).ConfigureAwait(false); }
                    catch (NotFoundException) { }
                    return true;
                }, cancellationToken).ConfigureAwait(false);
            }
            var current = release;
            var uploaded = await _runner.RunAsync($"POST {_repoPath}/releases/{current.Id}/assets?name={asset.Name}", () =>
                _client.Repository.Release.UploadAsset(current, new ReleaseAssetUpload(asset.Name, asset.ContentType, new MemoryStream(asset.Content.ToArray()), _options.Retry.AttemptTimeout), cancellationToken),
                cancellationToken).ConfigureAwait(false);
            urls[asset.Name] = uploaded.BrowserDownloadUrl ?? "";
        }
        return new ReleaseInfo(release.Id, release.HtmlUrl ?? "", urls);
    }

    private async Task<Release?> FindReleaseAsync(string tag, CancellationToken ct)
    {
        try
        {
            return await _runner.RunAsync($"GET {_repoPath}/releases/tags/{tag}", () => _client.Repository.Release.Get(_owner, _name, tag), ct).ConfigureAwait(false);
        }
        catch (GitHubRequestException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
