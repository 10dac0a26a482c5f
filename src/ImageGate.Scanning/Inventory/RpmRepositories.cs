using System.Globalization;
using System.Text.RegularExpressions;
using ImageGate.Core.Packages;
using ImageGate.FileTrees;

namespace ImageGate.Scanning.Inventory;

/// <summary>The repository each installed rpm came from, as the image's package manager recorded it: dnf's history
/// (<c>/var/lib/dnf/history.sqlite</c>, libdnf's swdb: the newest <c>trans_item</c> of the package's exact NEVRA that
/// brought it in, i.e. any action but downgraded, obsoleted, upgraded and reinstalled, joined to <c>repo.repoid</c>,
/// as dnf's own <c>from_repo</c> does) and, for packages it does not name, yum's yumdb (EL7:
/// <c>/var/lib/yum/yumdb/L/PKGID-NAME-VERSION-RELEASE-ARCH/from_repo</c>, PKGID being the header's SHA1HEADER).
/// A package neither records keeps no repository; so does one whose recorded id is not a repository id.</summary>
public static partial class RpmRepositories
{
    /// <summary>Where dnf (4, libdnf's swdb) keeps its history database.</summary>
    public const string DnfHistoryPath = "/var/lib/dnf/history.sqlite";

    /// <summary>Where yum (EL7) keeps its per-package data.</summary>
    public const string YumdbPath = "/var/lib/yum/yumdb";

    /// <summary>The most of a history database (and of its <c>-wal</c>) that is read: larger is refused as bad input.</summary>
    public const long MaxHistoryBytes = 512L * 1024 * 1024;

    /// <summary>The longest <c>from_repo</c> file of the yumdb that is read (longer ones are ignored).</summary>
    public const int MaxFromRepoBytes = 4096;

    /// <summary>The repository ids the swdb and yumdb hold, or dnf's pseudo repositories (<c>@commandline</c>); anything
    /// else (control characters, spaces, slashes, very long text) is not taken as a repository.</summary>
    [GeneratedRegex(@"^@?[A-Za-z0-9_.:+~-]{1,256}$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryId();

    // libdnf's TransactionItemAction: 3 DOWNGRADED, 5 OBSOLETED, 7 UPGRADED, 10 REINSTALLED (the sides that left).
    private const string HistoryQuery = """
        SELECT rpm.name, rpm.epoch, rpm.version, rpm.release, rpm.arch, repo.repoid
        FROM trans_item ti JOIN rpm USING (item_id) JOIN repo ON ti.repo_id = repo.id
        WHERE ti.action NOT IN (3, 5, 7, 10)
        ORDER BY ti.id
        """;

    /// <summary>The packages with <see cref="InstalledPackage.Repository"/> set where the image records it; the
    /// header's SHA1HEADER beside each package finds its yumdb entry.</summary>
    internal static List<InstalledPackage> Apply(IFileSystem fs, IReadOnlyList<(InstalledPackage Package, string? Sha1Header)> headers)
    {
        ArgumentNullException.ThrowIfNull(fs);
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Count == 0) return [];
        var history = ReadDnfHistory(fs, headers.Select(h => Key(h.Package)).ToHashSet(StringComparer.Ordinal));
        var yumdb = new Dictionary<string, IReadOnlyList<FileEntry>>(StringComparer.Ordinal);
        var hasYumdb = FileTree.Resolve(fs, YumdbPath) is { Kind: EntryKind.Directory };
        return headers.Select(h =>
        {
            var repository = history.GetValueOrDefault(Key(h.Package)) ?? (hasYumdb ? FromYumdb(fs, h.Package, h.Sha1Header, yumdb) : null);
            return repository is null ? h.Package : h.Package with { Repository = repository };
        }).ToList();
    }

    /// <summary>NEVRA → repository id for the wanted NEVRAs; the newest item wins.</summary>
    private static Dictionary<string, string?> ReadDnfHistory(IFileSystem fs, HashSet<string> wanted)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (FileTree.Resolve(fs, DnfHistoryPath) is not { Kind: EntryKind.File, Size: > 0 } db) return result;
        var rows = ImageSqlite.Query(fs, db, "dnf history database", MaxHistoryBytes, HistoryQuery, reader =>
        {
            string Text(int i) => reader.GetValue(i) switch { string t => t, long n => n.ToString(CultureInfo.InvariantCulture), _ => "" };
            var key = Key(Text(0), Text(1), Text(2), Text(3), Text(4));
            return wanted.Contains(key) ? [(key, Clean(Text(5)))] : Array.Empty<(string Key, string? Repository)>();
        });
        foreach (var (key, repository) in rows) result[key] = repository;
        return result;
    }

    private static string? FromYumdb(IFileSystem fs, InstalledPackage package, string? sha1Header, Dictionary<string, IReadOnlyList<FileEntry>> letters)
    {
        var name = package.Name.Replace("/", "", StringComparison.Ordinal).Replace("~", "", StringComparison.Ordinal); // yum's _sanitize
        if (name.Length == 0) return null;
        var (_, version, release) = Split(package.Version);
        var letter = name[..1];
        if (!letters.TryGetValue(letter, out var entries))
            letters[letter] = entries = fs.List($"{YumdbPath}/{letter}").Where(e => e.Kind == EntryKind.Directory).ToList();
        var suffix = $"-{name}-{version}-{release}-{package.Architecture}";
        var candidates = entries.Where(e => e.Name.Length > suffix.Length && e.Name.EndsWith(suffix, StringComparison.Ordinal)
            && !e.Name[..^suffix.Length].Contains('-', StringComparison.Ordinal)).ToList();
        var exact = sha1Header is null ? null : candidates.FirstOrDefault(e => e.Name[..^suffix.Length].Equals(sha1Header, StringComparison.OrdinalIgnoreCase));
        if (exact is not null) return FromRepo(fs, exact);
        // No entry by this header's id (a rebuilt package, or no SHA1HEADER): take what every entry of the NVRA agrees on.
        var repositories = candidates.Select(e => FromRepo(fs, e)).Distinct(StringComparer.Ordinal).ToList();
        return repositories.Count == 1 ? repositories[0] : null;
    }

    private static string? FromRepo(IFileSystem fs, FileEntry dir) =>
        FileTree.Resolve(fs, dir.Path + "/from_repo") is { Kind: EntryKind.File, Size: > 0 and <= MaxFromRepoBytes } file
            ? Clean(FileTree.ReadText(fs, file))
            : null;

    /// <summary>A recorded repository id, or null when it names none (empty, dnf's <c>@System</c>, or not an id).</summary>
    private static string? Clean(string recorded)
    {
        var id = recorded.Trim();
        return id.Length == 0 || id.Equals("@System", StringComparison.Ordinal) || !RepositoryId().IsMatch(id) ? null : id;
    }

    private static (string Epoch, string Version, string Release) Split(string evr)
    {
        var colon = evr.IndexOf(':', StringComparison.Ordinal);
        var epoch = colon > 0 ? evr[..colon] : "0";
        var vr = colon > 0 ? evr[(colon + 1)..] : evr;
        var dash = vr.LastIndexOf('-');
        return dash > 0 ? (epoch, vr[..dash], vr[(dash + 1)..]) : (epoch, vr, "");
    }

    private static string Key(InstalledPackage p)
    {
        var (epoch, version, release) = Split(p.Version);
        return Key(p.Name, epoch, version, release, p.Architecture);
    }

    private static string Key(string name, string epoch, string version, string release, string arch) =>
        string.Join('\n', name, epoch.Length == 0 ? "0" : epoch, version, release, arch);
}
