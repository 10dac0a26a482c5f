using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ImageGate.DiskImages;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.Tests.Support;

/// <summary>What two independent readers must agree on for one entry.</summary>
internal sealed record EntryFacts(string Kind, int Mode, long Uid, long Gid, long? Size, string? Target);

/// <summary>A tree as a map from path (relative, no leading slash) to facts, plus content hashes of regular files.</summary>
internal sealed class TreeSnapshot
{
    public Dictionary<string, EntryFacts> Entries { get; } = new(StringComparer.Ordinal);
    public ConcurrentDictionary<string, string> Hashes { get; } = new(StringComparer.Ordinal);

    public static string KindOf(EntryKind k) => k switch
    {
        EntryKind.File => "file", EntryKind.Directory => "dir", EntryKind.Symlink => "symlink",
        EntryKind.CharDevice => "chardev", EntryKind.BlockDevice => "blockdev", EntryKind.Fifo => "fifo", _ => "socket",
    };

    /// <summary>Our reader's view: every entry and the SHA-256 of every regular file (hashed in parallel, which also
    /// exercises concurrent reads).</summary>
    public static TreeSnapshot FromFileSystem(IFileSystem fs, bool hashes = true)
    {
        var snap = new TreeSnapshot();
        var files = new List<FileEntry>();
        foreach (var e in fs.Walk("/"))
        {
            if (e.Path == "/") continue;
            var rel = e.Path[1..];
            snap.Entries[rel] = new EntryFacts(KindOf(e.Kind), e.Mode, e.Uid, e.Gid,
                e.Kind is EntryKind.File or EntryKind.Symlink ? e.Size : null, e.LinkTarget);
            if (e.Kind == EntryKind.File) files.Add(e);
        }
        if (hashes)
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 4 }, e =>
            {
                using var s = fs.OpenRead(e);
                snap.Hashes[e.Path[1..]] = Convert.ToHexString(SHA256.HashData(s));
            });
        return snap;
    }

    /// <summary>7-Zip's view from <c>7zz l -slt</c>; its own [SYS] entries are left out.</summary>
    public static TreeSnapshot FromSevenZipListing(string listing)
    {
        var snap = new TreeSnapshot();
        var start = listing.IndexOf("\n----------\n", StringComparison.Ordinal);
        if (start < 0) throw new InvalidOperationException("7zz listing has no item section:\n" + listing[..Math.Min(2000, listing.Length)]);
        foreach (var block in listing[(start + 12)..].Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = block.Split('\n').Select(l => l.Split(" = ", 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            if (!kv.TryGetValue("Path", out var path) || path.StartsWith("[SYS]", StringComparison.Ordinal)) continue;
            var mode = kv["Mode"];
            var kind = mode[0] switch { 'd' => "dir", 'l' => "symlink", 'c' => "chardev", 'b' => "blockdev", 'p' => "fifo", 's' => "socket", _ => "file" };
            snap.Entries[path] = new EntryFacts(kind, ParseMode(mode), long.Parse(kv["User ID"]), long.Parse(kv["Group ID"]),
                kind is "file" or "symlink" ? long.Parse(kv["Size"]) : null,
                kind == "symlink" ? kv["Symbolic Link"] : null);
        }
        return snap;
    }

    /// <summary>A host directory's view through find(1) (-printf of type, mode, owner, size, link target): a tree
    /// extracted by 7zz or dumped by debugfs, or the source tree an image was made from.</summary>
    public static TreeSnapshot FromHostDirectory(string root, bool facts, Func<string, bool>? skip = null)
    {
        var snap = new TreeSnapshot();
        var r = ImageGate.Testing.ExternalProcess.Run("find", [root, "-mindepth", "1", "-printf", "%P\\0%y\\0%m\\0%U\\0%G\\0%s\\0%l\\0"]);
        Assert.Equal(0, r.ExitCode);
        var f = r.StandardOutput.Split('\0');
        var files = new List<string>();
        for (var i = 0; i + 7 <= f.Length; i += 7)
        {
            var rel = f[i];
            if (skip?.Invoke(rel) == true) continue;
            var kind = f[i + 1] switch { "d" => "dir", "l" => "symlink", "c" => "chardev", "b" => "blockdev", "p" => "fifo", "s" => "socket", _ => "file" };
            if (kind == "file") files.Add(rel);
            if (facts)
                snap.Entries[rel] = new EntryFacts(kind, Convert.ToInt32(f[i + 2], 8), long.Parse(f[i + 3]), long.Parse(f[i + 4]),
                    kind is "file" or "symlink" ? long.Parse(f[i + 5]) : null, kind == "symlink" ? f[i + 6] : null);
        }
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 4 }, rel =>
        {
            using var s = File.OpenRead(Path.Combine(root, rel));
            snap.Hashes[rel] = Convert.ToHexString(SHA256.HashData(s));
        });
        return snap;
    }

    private static int ParseMode(string m)
    {
        var mode = 0;
        for (var i = 0; i < 9; i++)
            if (m[i + 1] is not '-' and not 'S' and not 'T') mode |= 1 << (8 - i);
        if (m[3] is 's' or 'S') mode |= 0x800;
        if (m[6] is 's' or 'S') mode |= 0x400;
        if (m[9] is 't' or 'T') mode |= 0x200;
        return mode;
    }

    /// <summary>Fails with the first differences when the two snapshots disagree on entries (and hashes).</summary>
    public static void AssertSame(TreeSnapshot expected, TreeSnapshot actual, string what, bool compareEntries = true)
    {
        var diffs = new List<string>();
        if (compareEntries)
        {
            foreach (var (path, facts) in expected.Entries)
                if (!actual.Entries.TryGetValue(path, out var mine)) diffs.Add($"missing: {path}");
                else if (mine != facts) diffs.Add($"differs: {path}: expected {facts}, got {mine}");
            foreach (var path in actual.Entries.Keys)
                if (!expected.Entries.ContainsKey(path)) diffs.Add($"extra: {path}");
        }
        foreach (var (path, hash) in expected.Hashes)
            if (!actual.Hashes.TryGetValue(path, out var mine)) diffs.Add($"no content hash for: {path}");
            else if (mine != hash) diffs.Add($"content differs: {path}");
        if (diffs.Count > 0)
        {
            var sb = new StringBuilder($"{what}: {diffs.Count} differences\n");
            foreach (var d in diffs.Take(25)) sb.AppendLine(d);
            Assert.Fail(sb.ToString());
        }
        if (compareEntries) Assert.True(expected.Entries.Count > 0, $"{what}: the reference listing is empty");
        Assert.True(expected.Hashes.IsEmpty || expected.Hashes.Count == actual.Hashes.Count(h => expected.Hashes.ContainsKey(h.Key)));
    }
}
