using ImageGate.Core.Errors;

namespace ImageGate.Endorsement.Git;

/// <summary>A readable git directory for a list repository: the local path itself, or a bare clone of a URL in a temporary folder.</summary>
internal sealed class LocalCopy : IDisposable
{
    private readonly string? _temporary;

    private LocalCopy(string directory, string? temporary)
    {
        Directory = directory;
        _temporary = temporary;
    }

    public string Directory { get; }

    public static async Task<LocalCopy> OpenAsync(Git git, ListRepository repository, string branch, CancellationToken ct)
    {
        if (repository.IsLocal)
        {
            var check = await git.RunAsync(repository.Location, a => a.Add("rev-parse").Add("--git-dir"), ct, allowFailure: true).ConfigureAwait(false);
            if (check.ExitCode != 0)
                throw new BadInputException("not a git repository", repository.Location);
            return new LocalCopy(Path.GetFullPath(repository.Location), null);
        }
        var dir = Path.Combine(Path.GetTempPath(), $"imagegate-list-{Guid.NewGuid():N}");
        try
        {
            await git.RunAsync(null, a => a.Add("clone").Add("-q").Add("--bare").Add("--single-branch").Add("--branch").Add(branch)
                .Add("--").Add(repository.Location).Add(dir), ct).ConfigureAwait(false);
            // the approval records live on their own branch (absent until publish first records one)
            await git.RunAsync(dir, a => a.Add("fetch").Add("-q").Add("origin").Add($"+refs/heads/{Approvals.ApprovalStore.Branch}:refs/heads/{Approvals.ApprovalStore.Branch}"), ct, allowFailure: true).ConfigureAwait(false);
        }
        catch
        {
            Delete(dir);
            throw;
        }
        return new LocalCopy(dir, dir);
    }

    /// <summary>The revision to read for <paramref name="branch"/>: the local branch when it exists.</summary>
    public static string Revision(string branch) => $"refs/heads/{branch}";

    public void Dispose()
    {
        if (_temporary is not null) Delete(_temporary);
    }

    private static void Delete(string dir)
    {
        try { System.IO.Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
