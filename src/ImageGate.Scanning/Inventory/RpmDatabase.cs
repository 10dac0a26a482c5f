using System.Buffers.Binary;
using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Core.Packages;
using ImageGate.DiskImages;
using Microsoft.Data.Sqlite;

namespace ImageGate.Scanning.Inventory;

/// <summary>Reads rpm's package database by parsing each package's header blob: the sqlite database (EL9, Fedora:
/// <c>rpmdb.sqlite</c>, copied from the image to a private temporary file for sqlite and deleted afterwards) or,
/// when there is none, the Berkeley DB hash database of EL7/8 (<c>/var/lib/rpm/Packages</c>, read in place).</summary>
public static class RpmDatabase
{
    /// <summary>Where rpm keeps its sqlite database, newest layout first.</summary>
    public static IReadOnlyList<string> SqlitePaths { get; } = ["/usr/lib/sysimage/rpm/rpmdb.sqlite", "/var/lib/rpm/rpmdb.sqlite"];

    /// <summary>Where EL7/8 (rpm 4.11 to 4.16 with Berkeley DB) keep the package headers.</summary>
    public static IReadOnlyList<string> BerkeleyDbPaths { get; } = ["/var/lib/rpm/Packages"];

    /// <summary>The most a database may be (hostile input must end in bounded resources).</summary>
    public const long MaxDatabaseBytes = 2L * 1024 * 1024 * 1024;

    private const int TagName = 1000, TagVersion = 1001, TagRelease = 1002, TagEpoch = 1003, TagLicense = 1014, TagArch = 1022, TagSourceRpm = 1044;

    /// <summary>The installed packages (gpg-pubkey pseudo packages excluded), sorted; empty when the image has no rpm database.</summary>
    public static IReadOnlyList<InstalledPackage> Read(IFileSystem fs)
    {
        ArgumentNullException.ThrowIfNull(fs);
        var db = SqlitePaths.Select(p => FileTree.Resolve(fs, p)).FirstOrDefault(e => e is { Kind: EntryKind.File, Size: > 0 });
        if (db is null)
        {
            var bdb = BerkeleyDbPaths.Select(p => FileTree.Resolve(fs, p)).FirstOrDefault(e => e is { Kind: EntryKind.File, Size: > 0 });
            return bdb is null ? [] : ReadBerkeleyDb(fs, bdb);
        }
        if (db.Size > MaxDatabaseBytes) throw new BadInputException("rpm database is implausibly large", db.Path);
        var dir = Directory.CreateTempSubdirectory("imagegate-rpmdb-");
        try
        {
            var copy = Path.Combine(dir.FullName, "rpmdb.sqlite");
            Copy(fs, db, copy);
            foreach (var side in new[] { "-wal" })
                if (FileTree.Resolve(fs, db.Path + side) is { Kind: EntryKind.File } s) Copy(fs, s, copy + side);
            var packages = new List<InstalledPackage>();
            var builder = new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            using (var connection = new SqliteConnection(builder.ToString()))
            {
                try
                {
                    connection.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "SELECT blob FROM Packages";
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        var blob = (byte[])reader.GetValue(0);
                        var package = ParseHeader(blob, db.Path);
                        if (package is not null && package.Name != "gpg-pubkey") packages.Add(package);
                    }
                }
                catch (SqliteException ex)
                {
                    throw new BadInputException($"rpm database is not readable: {ex.Message}", db.Path, ex);
                }
            }
            return Sorted(packages);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { dir.Delete(recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Reads the EL7/8 Berkeley DB <c>Packages</c> file: every record but rpm's record 0 (the header counter) is a header blob.</summary>
    private static List<InstalledPackage> ReadBerkeleyDb(IFileSystem fs, FileEntry db)
    {
        if (db.Size > MaxDatabaseBytes) throw new BadInputException("rpm database is implausibly large", db.Path);
        using var source = fs.OpenRead(db);
        using var seekable = source.CanSeek ? null : new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        if (seekable is not null)
        {
            source.CopyTo(seekable);
            seekable.Position = 0;
        }
        return ReadBerkeleyDb(seekable ?? source, db.Path);
    }

    /// <summary>The packages in a Berkeley DB hash <c>Packages</c> database held in a seekable stream; <paramref name="source"/> names it in errors.</summary>
    internal static List<InstalledPackage> ReadBerkeleyDb(Stream stream, string source)
    {
        var packages = new List<InstalledPackage>();
        try
        {
            foreach (var (key, data) in BerkeleyDbHash.Open(stream, source).Items())
            {
                if (key.Length != 4) throw new BadInputException($"rpm Packages record has a {key.Length}-byte key, not a 4-byte header number", source);
                if (key.AsSpan().IndexOfAnyExcept((byte)0) < 0) continue; // record 0: rpm's next header number
                var package = ParseHeader(data, source);
                if (package is not null && package.Name != "gpg-pubkey") packages.Add(package);
            }
        }
        catch (EndOfStreamException ex)
        {
            throw new BadInputException("rpm Packages database ends inside a page", source, ex);
        }
        return Sorted(packages);
    }

    private static List<InstalledPackage> Sorted(List<InstalledPackage> packages) =>
        packages.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Version, StringComparer.Ordinal).ThenBy(p => p.Architecture, StringComparer.Ordinal).ToList();

    private static void Copy(IFileSystem fs, FileEntry entry, string target)
    {
        using var source = fs.OpenRead(entry);
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        source.CopyTo(output);
    }

    /// <summary>Parses an rpm header blob (as stored in rpmdb: index count, data length, index entries, data store).</summary>
    public static InstalledPackage? ParseHeader(byte[] blob, string source = "rpmdb")
    {
        ArgumentNullException.ThrowIfNull(blob);
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
            if (tag is not (TagName or TagVersion or TagRelease or TagEpoch or TagLicense or TagArch or TagSourceRpm)) continue;
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
