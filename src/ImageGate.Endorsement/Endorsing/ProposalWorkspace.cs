using ImageGate.Core.Errors;
using ImageGate.Endorsement.Git;

namespace ImageGate.Endorsement.Endorsing;

/// <summary>A private clone of the list repository in a temporary folder, on the proposal branch;
/// pushes with fetch-rebase-retry when another writer got there first.</summary>
internal sealed class ProposalWorkspace : IDisposable
{
    private readonly Git.Git _git;

    private ProposalWorkspace(Git.Git git, string directory, string baseBranch, string branch, bool branchExists)
    {
        _git = git;
        Directory = directory;
        BaseBranch = baseBranch;
        Branch = branch;
        BranchExistsOnOrigin = branchExists;
    }

    public string Directory { get; }

    public string BaseBranch { get; }

    public string Branch { get; }

    public bool BranchExistsOnOrigin { get; }

    public string BaseRevision => $"refs/remotes/origin/{BaseBranch}";

    public string BranchRevision => $"refs/remotes/origin/{Branch}";

    public static async Task<ProposalWorkspace> OpenAsync(Git.Git git, ListRepository repository, string baseBranch, string branch, CancellationToken ct)
    {
        ListFormat_ValidateBranch(baseBranch);
        var dir = Path.Combine(Path.GetTempPath(), $"imagegate-list-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(dir);
        try
        {
            var origin = repository.IsLocal ? Path.GetFullPath(repository.Location) : repository.Location;
            await git.RunAsync(null, a => a.Add("init").Add("-q").Add(dir), ct).ConfigureAwait(false);
            await git.RunAsync(dir, a => a.Add("remote").Add("add").Add("origin").Add(origin), ct).ConfigureAwait(false);
            var heads = await git.RunAsync(dir, a => a.Add("ls-remote").Add("--heads").Add("origin")
                .Add($"refs/heads/{baseBranch}").Add($"refs/heads/{branch}"), ct, allowFailure: true).ConfigureAwait(false);
            if (heads.ExitCode != 0)
                throw new ExternalToolException("git", $"cannot reach the list repository {repository}: {heads.StandardError.Trim()}");
            var refs = heads.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t').Last()).ToHashSet(StringComparer.Ordinal);
            if (!refs.Contains($"refs/heads/{baseBranch}"))
                throw new BadInputException($"the list repository has no branch '{baseBranch}' (create it with an initial commit)", repository.Location);
            var branchExists = refs.Contains($"refs/heads/{branch}");
            var workspace = new ProposalWorkspace(git, dir, baseBranch, branch, branchExists);
            await workspace.FetchAsync(includeBase: true, ct).ConfigureAwait(false);
            return workspace;
        }
        catch
        {
            TryDelete(dir);
            throw;
        }
    }

    private static void ListFormat_ValidateBranch(string name)
    {
        if (name.Length == 0 || name.StartsWith('-') || name.Contains("..", StringComparison.Ordinal) || name.Any(c => char.IsControl(c) || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\'))
            throw new BadInputException($"'{name}' is not a valid branch name");
    }

    private async Task FetchAsync(bool includeBase, CancellationToken ct)
    {
        var exists = BranchExistsOnOrigin || await RemoteBranchExistsAsync(ct).ConfigureAwait(false);
        if (!includeBase && !exists) return;
        await _git.RunAsync(Directory, a =>
        {
            a.Add("fetch").Add("-q").Add("--no-tags").Add("origin");
            if (includeBase) a.Add($"+refs/heads/{BaseBranch}:{BaseRevision}");
            if (exists) a.Add($"+refs/heads/{Branch}:{BranchRevision}");
        }, ct).ConfigureAwait(false);
    }

    private async Task<bool> RemoteBranchExistsAsync(CancellationToken ct)
    {
        var r = await _git.RunAsync(Directory, a => a.Add("ls-remote").Add("--heads").Add("origin").Add($"refs/heads/{Branch}"), ct).ConfigureAwait(false);
        return r.StandardOutput.Trim().Length > 0;
    }

    /// <summary>Reads a file at a revision of origin (base or branch), or null.</summary>
    public async Task<byte[]?> ReadAsync(string revision, string path, CancellationToken ct) =>
        (await _git.ReadBlobsAsync(Directory, [$"{revision}:{path}"], ct).ConfigureAwait(false))[0];

    /// <summary>Checks out the proposal branch: the existing one from origin, else a new one from base.</summary>
    public Task CheckoutAsync(CancellationToken ct) => BranchExistsOnOrigin
        ? _git.RunAsync(Directory, a => a.Add("checkout").Add("-q").Add("-B").Add(Branch).Add(BranchRevision), ct)
        : _git.RunAsync(Directory, a => a.Add("checkout").Add("-q").Add("-b").Add(Branch).Add(BaseRevision), ct);

    public void Write(string relativePath, ReadOnlySpan<byte> content)
    {
        var full = Path.Combine(Directory, relativePath.Replace('/', Path.DirectorySeparatorChar));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content.ToArray());
    }

    /// <summary>Commits everything under <paramref name="folder"/>; returns the new commit, or null when nothing changed.</summary>
    public async Task<string?> CommitAsync(string folder, string message, CancellationToken ct)
    {
        await _git.RunAsync(Directory, a => a.Add("add").Add("-A").Add("--").Add(folder), ct).ConfigureAwait(false);
        var diff = await _git.RunAsync(Directory, a => a.Add("diff").Add("--cached").Add("--quiet"), ct, allowFailure: true).ConfigureAwait(false);
        if (diff.ExitCode == 0) return null;
        await _git.RunAsync(Directory, a => a.Add("commit").Add("-q").Add("--no-verify").Add("--no-gpg-sign").Add("-F").Add("-"), ct, input: message).ConfigureAwait(false);
        return await HeadAsync(ct).ConfigureAwait(false);
    }

    public Task<string> HeadAsync(CancellationToken ct) => _git.OutputAsync(Directory, a => a.Add("rev-parse").Add("HEAD"), ct);

    /// <summary>Pushes the branch; when origin moved meanwhile, fetches, rebases and tries again.</summary>
    public async Task<string> PushAsync(CancellationToken ct, int attempts = 6)
    {
        for (var attempt = 1; ; attempt++)
        {
            var push = await _git.RunAsync(Directory, a => a.Add("push").Add("-q").Add("--porcelain").Add("origin").Add($"HEAD:refs/heads/{Branch}"), ct, allowFailure: true).ConfigureAwait(false);
            if (push.ExitCode == 0) return await HeadAsync(ct).ConfigureAwait(false);
            if (attempt >= attempts)
                throw new ExternalToolException("git", $"pushing {Branch} failed after {attempt} attempts: {push.StandardError.Trim()} {push.StandardOutput.Trim()}");
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(20, 100) * attempt), ct).ConfigureAwait(false);
            // Someone else pushed first (or a ref lock was busy): fetch, rebase onto their work, retry.
            await FetchAsync(includeBase: false, ct).ConfigureAwait(false);
            if (await RemoteBranchExistsAsync(ct).ConfigureAwait(false))
            {
                var rebase = await _git.RunAsync(Directory, a => a.Add("rebase").Add("-q").Add(BranchRevision), ct, allowFailure: true).ConfigureAwait(false);
                if (rebase.ExitCode != 0)
                {
                    await _git.RunAsync(Directory, a => a.Add("rebase").Add("--abort"), ct, allowFailure: true).ConfigureAwait(false);
                    throw new PushConflictException(Branch, rebase.StandardError.Trim());
                }
            }
        }
    }

    public void Dispose() => TryDelete(Directory);

    private static void TryDelete(string dir)
    {
        try
        {
            foreach (var f in System.IO.Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                File.SetAttributes(f, FileAttributes.Normal);
            System.IO.Directory.Delete(dir, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
