using ImageGate.Endorsement.Format;

namespace ImageGate.Endorsement.Git;

/// <summary>Reads the records of a list repository at one revision (no work tree needed).</summary>
internal static class ListSnapshot
{
    public static async Task<IReadOnlyList<ListEntry>> ReadAsync(Git git, string directory, string revision, string? name, CancellationToken ct)
    {
        var scope = name is null ? ListFormat.ImagesFolder : $"{ListFormat.ImagesFolder}/{name}";
        var listing = await git.RunAsync(directory, a => a.Add("ls-tree").Add("-r").Add("--name-only").Add(revision).Add("--").Add(scope), ct, allowFailure: true).ConfigureAwait(false);
        if (listing.ExitCode != 0) return [];
        var records = new List<string>();
        var revocations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('/');
            if (parts.Length != 4 || parts[0] != ListFormat.ImagesFolder) continue;
            if (parts[3] == ListFormat.RecordFile) records.Add(line);
            else if (parts[3] == ListFormat.RevocationFile) revocations.Add($"{parts[1]}/{parts[2]}");
        }
        var objects = new List<string>();
        foreach (var r in records)
        {
            objects.Add($"{revision}:{r}");
            var folder = r[..r.LastIndexOf('/')];
            var key = folder[(ListFormat.ImagesFolder.Length + 1)..];
            if (revocations.Contains(key)) objects.Add($"{revision}:{folder}/{ListFormat.RevocationFile}");
        }
        var blobs = await git.ReadBlobsAsync(directory, objects, ct).ConfigureAwait(false);
        var entries = new List<ListEntry>();
        var i = 0;
        foreach (var r in records)
        {
            var record = ListJson.Deserialize<ImageRecord>(blobs[i++] ?? [], r);
            var folder = r[..r.LastIndexOf('/')];
            RevocationRecord? revocation = null;
            if (revocations.Contains(folder[(ListFormat.ImagesFolder.Length + 1)..]))
                revocation = ListJson.Deserialize<RevocationRecord>(blobs[i++] ?? [], $"{folder}/{ListFormat.RevocationFile}");
            entries.Add(new ListEntry(record, revocation));
        }
        return entries;
    }
}
