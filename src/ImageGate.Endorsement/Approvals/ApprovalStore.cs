using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Endorsement.Format;

namespace ImageGate.Endorsement.Approvals;

/// <summary>The approval records on their own branch of the list repository (<see cref="Branch"/>: files
/// <c>endorsed/NAME@VERSION.json</c> and <c>revoked/NAME@VERSION.json</c>). Only the publish job writes it; pull
/// requests target the base branch and cannot touch it.</summary>
public static class ApprovalStore
{
    /// <summary>The branch that holds the approval records.</summary>
    public const string Branch = "imagegate-approvals";

    /// <summary>The folder of endorsement approvals.</summary>
    public const string Endorsed = "endorsed";

    /// <summary>The folder of revocation approvals.</summary>
    public const string Revoked = "revoked";

    private const string LocalRef = "refs/heads/" + Branch;
    private const string RemoteRef = "refs/remotes/origin/" + Branch;

    /// <summary>The branch's commit: the local branch, else the remote-tracking one (a CI checkout), else null.</summary>
    internal static async Task<string?> ResolveAsync(Git.Git git, string directory, CancellationToken ct)
    {
        foreach (var r in new[] { LocalRef, RemoteRef })
        {
            var head = await git.RunAsync(directory, a => a.Add("rev-parse").Add("--verify").Add("-q").Add(r + "^{commit}"), ct, allowFailure: true).ConfigureAwait(false);
            if (head.ExitCode == 0) return head.StandardOutput.Trim();
        }
        return null;
    }

    /// <summary>Every readable record, by (kind, name, version); a malformed or misnamed file is skipped.</summary>
    internal static async Task<Dictionary<(string Kind, string Name, string Version), ApprovalRecord>> ReadAsync(Git.Git git, string directory, CancellationToken ct)
    {
        var records = new Dictionary<(string, string, string), ApprovalRecord>();
        var head = await ResolveAsync(git, directory, ct).ConfigureAwait(false);
        if (head is null) return records;
        var listing = await git.OutputAsync(directory, a => a.Add("ls-tree").Add("-r").Add("--name-only").Add(head), ct).ConfigureAwait(false);
        var files = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(f => f.StartsWith(Endorsed + "/", StringComparison.Ordinal) || f.StartsWith(Revoked + "/", StringComparison.Ordinal)).ToList();
        var blobs = await git.ReadBlobsAsync(directory, files.Select(f => $"{head}:{f}").ToList(), ct).ConfigureAwait(false);
        for (var i = 0; i < files.Count; i++)
        {
            if (blobs[i] is not { } bytes) continue;
            try
            {
                var record = ListJson.Deserialize<ApprovalRecord>(bytes, files[i]);
                if (files[i] != FileName(record.Kind, record.Name, record.Version)) continue;
                records[(record.Kind, record.Name, record.Version)] = record;
            }
            catch (BadInputException)
            {
                // not a record this version understands: as if absent (publish records it again)
            }
        }
        return records;
    }

    /// <summary>The file of a record.</summary>
    public static string FileName(string kind, string name, string version) => $"{kind}/{name}@{version}.json";

    /// <summary>Adds or replaces <paramref name="added"/> in one commit on the branch, and pushes it to <c>origin</c>
    /// when the repository has that remote (a CI checkout or a clone of a URL).</summary>
    internal static async Task WriteAsync(Git.Git git, string directory, IReadOnlyCollection<ApprovalRecord> added, CancellationToken ct)
    {
        if (added.Count == 0) return;
        var parent = await ResolveAsync(git, directory, ct).ConfigureAwait(false);
        var existing = new Dictionary<string, string>(StringComparer.Ordinal); // path -> blob
        if (parent is not null)
        {
            var tree = await git.OutputAsync(directory, a => a.Add("ls-tree").Add("-r").Add(parent), ct).ConfigureAwait(false);
            foreach (var line in tree.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                var meta = line[..tab].Split(' ');
                if (meta.Length == 3 && meta[1] == "blob") existing[line[(tab + 1)..]] = meta[2];
            }
        }
        foreach (var r in added)
        {
            var sha = (await git.RunAsync(directory, a => a.Add("hash-object").Add("-w").Add("--stdin"), ct, Encoding.UTF8.GetString(ListJson.Serialize(r))).ConfigureAwait(false)).StandardOutput.Trim();
            existing[FileName(r.Kind, r.Name, r.Version)] = sha;
        }
        var root = new StringBuilder();
        foreach (var folder in existing.Keys.Select(k => k.Split('/')[0]).Distinct(StringComparer.Ordinal))
        {
            var entries = new StringBuilder();
            foreach (var (path, sha) in existing.Where(e => e.Key.StartsWith(folder + "/", StringComparison.Ordinal) && e.Key.Count(c => c == '/') == 1))
                entries.Append("100644 blob ").Append(sha).Append('\t').Append(path[(folder.Length + 1)..]).Append('\n');
            var sub = (await git.RunAsync(directory, a => a.Add("mktree"), ct, entries.ToString()).ConfigureAwait(false)).StandardOutput.Trim();
            root.Append("040000 tree ").Append(sub).Append('\t').Append(folder).Append('\n');
        }
        var rootTree = (await git.RunAsync(directory, a => a.Add("mktree"), ct, root.ToString()).ConfigureAwait(false)).StandardOutput.Trim();
        var message = "Record approvals: " + string.Join(", ", added.Select(r => $"{r.Kind} {r.Name}@{r.Version} (#{r.PullRequest})"));
        var commit = (await git.RunAsync(directory, a =>
        {
            a.Add("commit-tree").Add(rootTree);
            if (parent is not null) a.Add("-p").Add(parent);
            a.Add("-m").Add(message);
        }, ct).ConfigureAwait(false)).StandardOutput.Trim();
        await git.RunAsync(directory, a => a.Add("update-ref").Add(LocalRef).Add(commit), ct).ConfigureAwait(false);
        var origin = await git.RunAsync(directory, a => a.Add("remote").Add("get-url").Add("origin"), ct, allowFailure: true).ConfigureAwait(false);
        if (origin.ExitCode == 0)
        {
            await git.RunAsync(directory, a => a.Add("push").Add("-q").Add("origin").Add($"{commit}:{LocalRef}"), ct).ConfigureAwait(false);
        }
    }
}
