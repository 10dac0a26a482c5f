using System.Buffers.Binary;
using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Core.Packages;
using ImageGate.FileTrees;
using Microsoft.Data.Sqlite;

namespace ImageGate.Scanning.Inventory;

/// <summary>Reads rpm's package database by parsing each package's header blob: the sqlite database (EL9, Fedora:
/// <c>rpmdb.sqlite</c>, copied from the image to a private temporary file for sqlite and deleted afterwards) or,
/// when there is none, the Berkeley DB hash database of EL7/8 (<c>/var/lib/rpm/Packages</c>, read in place); each
/// package's repository from dnf's history or yum's yumdb (<see cref="RpmRepositories"/>).</summary>
public static class RpmDatabase
{
    /// <summary>Where rpm keeps its sqlite database, newest layout first.</summary>
    public static IReadOnlyList<string> SqlitePaths { get; } = ["/usr/lib/sysimage/rpm/rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite"];

    /// <summary>Where EL7/8 (rpm 4.11 to 4.16 with Berkeley DB) keep the package headers.</summary>
    public static IReadOnlyList<string> BerkeleyDbPaths { get; } = ["/var/lib/rpm/Packages"];

    /// <summary>The most a database may be (hostile input must end in bounded resources).</summary>
    public const long MaxDatabaseBytes = 2L * 1024 * 1024 * 1024;

    private const int TagSha1Header = 269, TagName = 1000, TagVersion = 1001, TagRelease = 1002, TagEpoch = 1003, TagLicense = 1014, TagArch = 1022, TagSourceRpm = 1044;

    /// <summary>The installed packages (gpg-pubkey pseudo packages excluded), sorted; empty when the image has no rpm database.</summary>
    public static IReadOnlyList<InstalledPackage> Read(IFileSystem fs)
    {
        ArgumentNullException.ThrowIfNull(fs);
        var headers = ReadBlobs<(InstalledPackage, string?)>(fs, (blob, source) =>
            ParseHeader(blob, source, out var sha1) is { Name: not "gpg-pubkey" } p ? [(p, sha1)] : []);
        return Sorted(RpmRepositories.Apply(fs, headers));
    }

    /// <summary>Every file the installed packages shipped, with the digest rpm recorded (RPMTAG_FILEDIGESTS, its
    /// algorithm from RPMTAG_FILEDIGESTALGO: 1 MD5 (the default), 2 SHA-1, 8 SHA-256, 9 SHA-384, 10 SHA-512) and the package.</summary>
    internal static IReadOnlyList<(string Path, int Algorithm, string Digest, string Package)> FileDigests(IFileSystem fs) =>
        ReadBlobs(fs, (blob, source) => ParseFileDigests(blob, source));

    private static List<T> ReadBlobs<T>(IFileSystem fs, Func<byte[], string, IEnumerable<T>> parse)
    {
        var db = SqlitePaths.Select(p => FileTree.Resolve(fs, p)).FirstOrDefault(e => e is { Kind: EntryKind.File, Size: > 0 });
        if (db is null)
        {
            var bdb = BerkeleyDbPaths.Select(p => FileTree.Resolve(fs, p)).FirstOrDefault(e => e is { Kind: EntryKind.File, Size: > 0 });
            return bdb is null ? [] : ReadBerkeleyDb(fs, bdb, parse);
        }
        return ImageSqlite.Query(fs, db, "rpm database", MaxDatabaseBytes, "SELECT blob FROM Packages", reader =>
            reader.GetValue(0) is byte[] blob ? parse(blob, db.Path) : throw new BadInputException("rpm database holds a package that is not a header blob", db.Path));
    }

    /// <summary>Reads the EL7/8 Berkeley DB <c>Packages</c> file: every record but rpm's record 0 (the header counter) is a header blob.</summary>
    private static List<T> ReadBerkeleyDb<T>(IFileSystem fs, FileEntry db, Func<byte[], string, IEnumerable<T>> parse)
    {
        if (db.Size > MaxDatabaseBytes) throw new BadInputException("rpm database is implausibly large", db.Path);
        using var source = fs.OpenRead(db);
        using var seekable = source.CanSeek ? null : new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        if (seekable is not null)
        {
            source.CopyTo(seekable);
            seekable.Position = 0;
        }
        return ReadBerkeleyDb(seekable ?? source, db.Path, parse);
    }

    /// <summary>The packages in a Berkeley DB hash <c>Packages</c> database held in a seekable stream; <paramref name="source"/> names it in errors.</summary>
    internal static List<InstalledPackage> ReadBerkeleyDb(Stream stream, string source) =>
        Sorted(ReadBerkeleyDb<InstalledPackage>(stream, source, (blob, s) => ParseHeader(blob, s) is { Name: not "gpg-pubkey" } p ? [p] : []));

    private static List<T> ReadBerkeleyDb<T>(Stream stream, string source, Func<byte[], string, IEnumerable<T>> parse)
    {
        var packages = new List<T>();
        try
        {
            foreach (var (key, data) in BerkeleyDbHash.Open(stream, source).Items())
            {
                if (key.Length != 4) throw new BadInputException($"rpm Packages record has a {key.Length}-byte key, not a 4-byte header number", source);
                if (key.AsSpan().IndexOfAnyExcept((byte)0) < 0) continue; // record 0: rpm's next header number
                packages.AddRange(parse(data, source));
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new BadInputException("rpm Packages database ends inside a page", source, ex);
        }
        return packages;
    }

    private static List<InstalledPackage> Sorted(List<InstalledPackage> packages) =>
        packages.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Version, StringComparer.Ordinal).ThenBy(p => p.Architecture, StringComparer.Ordinal).ToList();

    /// <summary>Parses an rpm header blob (as stored in rpmdb: index count, data length, index entries, data store).</summary>
    public static InstalledPackage? ParseHeader(byte[] blob, string source = "rpmdb") => ParseHeader(blob, source, out _);

    /// <summary>Parses a header blob; <paramref name="sha1Header"/> is its RPMTAG_SHA1HEADER (the id yum's yumdb names the package by).</summary>
    internal static InstalledPackage? ParseHeader(byte[] blob, string source, out string? sha1Header)
    {
        ArgumentNullException.ThrowIfNull(blob);
        sha1Header = null;
        if (blob.Length < 8) throw new BadInputException("rpm header blob too short", source);
        var il = BinaryPrimitives.ReadInt32BigEndian(blob);
        var dl = BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(4));
        var dataStart = 8L + 16L * il;
        if (il < 0 || dl < 0 || il > 100_000 || dataStart + dl > blob.Length)
            throw new BadInputException("rpm header blob is damaged (index does not fit)", source);
        var data = blob.AsSpan((int)dataStart, dl);
        var strings = new Dictionary<int, string>();
        int? epoch = null;
        for (var i = 0; i < il; i++)
        {
            var e = blob.AsSpan(8 + 16 * i, 16);
            var tag = BinaryPrimitives.ReadInt32BigEndian(e);
            var type = BinaryPrimitives.ReadInt32BigEndian(e[4..]);
            var offset = BinaryPrimitives.ReadInt32BigEndian(e[8..]);
            if (tag is not (TagSha1Header or TagName or TagVersion or TagRelease or TagEpoch or TagLicense or TagArch or TagSourceRpm)) continue;
            if (offset < 0 || offset >= dl) throw new BadInputException($"rpm header tag {tag} points outside the data", source);
            if (tag == TagEpoch && type == 4 && offset + 4 <= dl)
                epoch = BinaryPrimitives.ReadInt32BigEndian(data[offset..]);
            else if (type is 6 or 9 or 8)
            {
                var rest = data[offset..];
                var end = rest.IndexOf((byte)0);
                strings[tag] = Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
            }
        }
        sha1Header = strings.GetValueOrDefault(TagSha1Header);
        if (!strings.TryGetValue(TagName, out var name)) return null;
        var version = $"{strings.GetValueOrDefault(TagVersion)}-{strings.GetValueOrDefault(TagRelease)}";
        if (epoch is { } ep) version = $"{ep}:{version}";
        string? sourceName = null, sourceVersion = null;
        if (strings.TryGetValue(TagSourceRpm, out var srpm) && srpm.EndsWith(".src.rpm", StringComparison.Ordinal))
        {
            var bare = srpm[..^".src.rpm".Length];
            var lastDash = bare.LastIndexOf('-');
            var secondDash = lastDash > 0 ? bare.LastIndexOf('-', lastDash - 1) : -1;
            if (secondDash > 0) { sourceName = bare[..secondDash]; sourceVersion = bare[(secondDash + 1)..]; }
        }
        return new InstalledPackage(PackageType.Rpm, name, version, strings.GetValueOrDefault(TagArch) ?? "noarch")
        {
            SourceName = sourceName,
            SourceVersion = sourceVersion,
            License = strings.TryGetValue(TagLicense, out var lic) ? RpmLicense(lic) : null,
        };
    }

    private const int TagDirIndexes = 1116, TagBaseNames = 1117, TagDirNames = 1118, TagFileDigests = 1035, TagFileDigestAlgo = 5011;

    /// <summary>The files of one header blob with their recorded digests (files without a digest, e.g. directories, left out).</summary>
    private static List<(string Path, int Algorithm, string Digest, string Package)> ParseFileDigests(byte[] blob, string source)
    {
        var result = new List<(string, int, string, string)>();
        if (blob.Length < 8) return result;
        var il = BinaryPrimitives.ReadInt32BigEndian(blob);
        var dl = BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(4));
        var dataStart = 8L + 16L * il;
        if (il < 0 || dl < 0 || il > 100_000 || dataStart + dl > blob.Length) return result;
        var data = blob.AsSpan((int)dataStart, dl);
        string[]? baseNames = null, dirNames = null, digests = null;
        int[]? dirIndexes = null;
        string? name = null;
        var algorithm = 1;
        for (var i = 0; i < il; i++)
        {
            var e = blob.AsSpan(8 + 16 * i, 16);
            var tag = BinaryPrimitives.ReadInt32BigEndian(e);
            var type = BinaryPrimitives.ReadInt32BigEndian(e[4..]);
            var offset = BinaryPrimitives.ReadInt32BigEndian(e[8..]);
            var count = BinaryPrimitives.ReadInt32BigEndian(e[12..]);
            if (offset < 0 || offset >= dl || count is < 0 or > 10_000_000) continue;
            switch (tag)
            {
                case TagName when type == 6: name = Strings(data[offset..], 1)[0]; break;
                case TagBaseNames when type == 8: baseNames = Strings(data[offset..], count); break;
                case TagDirNames when type == 8: dirNames = Strings(data[offset..], count); break;
                case TagFileDigests when type == 8: digests = Strings(data[offset..], count); break;
                case TagDirIndexes when type == 4 && offset + 4L * count <= dl:
                    dirIndexes = new int[count];
                    for (var k = 0; k < count; k++) dirIndexes[k] = BinaryPrimitives.ReadInt32BigEndian(data[(offset + 4 * k)..]);
                    break;
                case TagFileDigestAlgo when type == 4 && offset + 4 <= dl: algorithm = BinaryPrimitives.ReadInt32BigEndian(data[offset..]); break;
            }
        }
        if (name is null || baseNames is null || dirNames is null || digests is null || dirIndexes is null) return result;
        var n = Math.Min(Math.Min(baseNames.Length, dirIndexes.Length), digests.Length);
        for (var k = 0; k < n; k++)
            if (digests[k].Length > 0 && dirIndexes[k] >= 0 && dirIndexes[k] < dirNames.Length)
                result.Add((dirNames[dirIndexes[k]] + baseNames[k], algorithm, digests[k].ToLowerInvariant(), name));
        return result;

        static string[] Strings(ReadOnlySpan<byte> d, int count)
        {
            var list = new string[count];
            for (var k = 0; k < count; k++)
            {
                var end = d.IndexOf((byte)0);
                if (end < 0) { Array.Resize(ref list, k); break; }
                list[k] = Encoding.UTF8.GetString(d[..end]);
                d = d[(end + 1)..];
            }
            return list;
        }
    }

    /// <summary>An rpm License tag as an SPDX expression: SPDX ids kept (Fedora's new tags), old Fedora names mapped or
    /// LicenseRef; the operators (and/or/with, any case) and parentheses are kept, so <c>MIT or GPLv2+</c> stays a choice.</summary>
    internal static string RpmLicense(string tag)
    {
        var parts = System.Text.RegularExpressions.Regex.Split(tag.Trim(), @"\s+(and|or|with)\s+",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var sb = new System.Text.StringBuilder();
        var afterWith = false;
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1)
            {
                var op = parts[i].ToUpperInvariant();
                sb.Append(' ').Append(op).Append(' ');
                afterWith = op == "WITH";
                continue;
            }
            var part = parts[i].Trim();
            var open = part.Length - part.TrimStart('(', ' ').Length;
            var close = part.Length - part.TrimEnd(')', ' ').Length;
            var name = part.Trim('(', ')', ' ');
            var mapped = afterWith ? name.Replace(' ', '-') : name switch
            {
                "GPLv2" => "GPL-2.0-only", "GPLv2+" => "GPL-2.0-or-later", "GPLv3" => "GPL-3.0-only", "GPLv3+" => "GPL-3.0-or-later",
                "LGPLv2" => "LGPL-2.0-only", "LGPLv2+" => "LGPL-2.0-or-later", "LGPLv2.1" => "LGPL-2.1-only", "LGPLv2.1+" => "LGPL-2.1-or-later",
                "LGPLv3" => "LGPL-3.0-only", "LGPLv3+" => "LGPL-3.0-or-later", "BSD" => "LicenseRef-BSD", "ASL 2.0" => "Apache-2.0",
                "Public Domain" => "LicenseRef-Public-Domain",
                _ when CopyrightLicenses.ToSpdxId(name) is var id && (!CopyrightLicenses.IsLicenseRef(id)
                    || Licences.LicenceCategories.Of(name.TrimEnd('+')) is Licences.LicenceCategory.Unknown or Licences.LicenceCategory.LicenseRef) => id,
                _ => name,
            };
            sb.Append(new string('(', open)).Append(mapped).Append(new string(')', close));
        }
        var result = sb.ToString();
        // The old flat form for plain conjunctions ("MIT and MIT" once): drop repeated ids of an AND-only tag.
        if (!result.Contains(" OR ", StringComparison.Ordinal) && !result.Contains('(', StringComparison.Ordinal) && !result.Contains(" WITH ", StringComparison.Ordinal))
            result = string.Join(" AND ", result.Split(" AND ").Distinct(StringComparer.Ordinal));
        return result;
    }
}
