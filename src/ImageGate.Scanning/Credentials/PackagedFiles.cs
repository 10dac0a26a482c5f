using System.Security.Cryptography;
using ImageGate.FileTrees;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Credentials;

/// <summary>Keys found by content inside files that a dpkg package shipped unmodified (the file's MD5 equals the
/// package's <c>md5sums</c> entry, or for a conffile the MD5 the status file records; for rpm the file digest its
/// database records) are published material, such as a TLS library's self-test keys: they are reported
/// listed in the report's <c>packagedKeys</c> section instead of as findings. Anything modified, generated at install
/// (e.g. a snakeoil key) or outside a package keeps its rule.</summary>
internal static class PackagedFiles
{
    public static (List<RawFinding> Findings, List<PackagedKey> Packaged) Reclassify(IFileSystem fs, IReadOnlyList<RawFinding> findings, CancellationToken cancellationToken)
    {
        var packaged = new List<PackagedKey>();
        if (!findings.Any(f => f.FromContent)) return (findings.ToList(), packaged);
        Dictionary<string, (string Md5, string Package)>? sums = null;
        Dictionary<string, (int Algorithm, string Digest, string Package)>? rpm = null;
        var result = new List<RawFinding>();
        foreach (var f in findings)
        {
            if (!f.FromContent) { result.Add(f); continue; }
            sums ??= ReadMd5Sums(fs);
            rpm ??= ReadRpmDigests(fs);
            if (sums.TryGetValue(f.Path, out var sum) && fs.GetEntry(f.Path) is { Kind: EntryKind.File } entry && Md5(fs, entry, cancellationToken) == sum.Md5)
                packaged.Add(new PackagedKey(f.Path, sum.Package, f.RuleId, f.Message));
            else if (rpm.TryGetValue(f.Path, out var digest) && fs.GetEntry(f.Path) is { Kind: EntryKind.File } file
                     && RpmDigest(fs, file, digest.Algorithm, cancellationToken) == digest.Digest)
                packaged.Add(new PackagedKey(f.Path, digest.Package, f.RuleId, f.Message));
            else
                result.Add(f);
        }
        return (result, packaged);
    }

    private static Dictionary<string, (string, string)> ReadMd5Sums(IFileSystem fs)
    {
        var map = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var file in FileTree.FilesIn(fs, "/var/lib/dpkg/info", n => n.EndsWith(".md5sums", StringComparison.Ordinal)))
        {
            var package = file.Name[..^".md5sums".Length].Split(':')[0];
            foreach (var line in FileTree.ReadText(fs, file).Split('\n'))
            {
                if (line.Length < 35 || line[32] != ' ') continue;
                map["/" + line[34..].TrimStart(' ')] = (line[..32].ToLowerInvariant(), package);
            }
        }
        // Conffiles are not in md5sums: their shipped MD5 is in the status file ("Conffiles:" lines, " /path md5 [obsolete]").
        if (FileTree.ReadText(fs, "/var/lib/dpkg/status") is { } status)
        {
            string? package = null;
            var inConffiles = false;
            foreach (var line in status.Split('\n'))
            {
                if (line.StartsWith("Package:", StringComparison.Ordinal)) { package = line[8..].Trim(); inConffiles = false; continue; }
                if (line.StartsWith("Conffiles:", StringComparison.Ordinal)) { inConffiles = true; continue; }
                if (!inConffiles || !line.StartsWith(' ')) { inConffiles = false; continue; }
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (package is null || parts.Length < 2 || parts[1].Length != 32 || parts.Length > 2 || map.ContainsKey(parts[0])) continue;
                map[parts[0]] = (parts[1].ToLowerInvariant(), package);
            }
        }
        return map;
    }

    private static Dictionary<string, (int, string, string)> ReadRpmDigests(IFileSystem fs)
    {
        var map = new Dictionary<string, (int, string, string)>(StringComparer.Ordinal);
        foreach (var (path, algorithm, digest, package) in Inventory.RpmDatabase.FileDigests(fs))
            map.TryAdd(path, (algorithm, digest, package));
        return map;
    }

    /// <summary>The file's digest in rpm's algorithm (RPMTAG_FILEDIGESTALGO), or null for an algorithm not known here.</summary>
    private static string? RpmDigest(IFileSystem fs, FileEntry entry, int algorithm, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var stream = fs.OpenRead(entry);
#pragma warning disable CA5350, CA5351 // only compares with the digest rpm itself recorded; not a security decision on its own
        byte[]? hash = algorithm switch
        {
            1 => MD5.HashData(stream), 2 => SHA1.HashData(stream), 8 => SHA256.HashData(stream), 9 => SHA384.HashData(stream), 10 => SHA512.HashData(stream),
            _ => null,
        };
#pragma warning restore CA5350, CA5351
        return hash is null ? null : Convert.ToHexStringLower(hash);
    }

    private static string Md5(IFileSystem fs, FileEntry entry, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var stream = fs.OpenRead(entry);
#pragma warning disable CA5351 // MD5 only compares with dpkg's own md5sums; it is not a security decision on its own
        return Convert.ToHexStringLower(MD5.HashData(stream));
#pragma warning restore CA5351
    }
}
