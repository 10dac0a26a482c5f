using System.Globalization;
using System.Text;
using ImageGate.Testing.Repositories;
using Microsoft.Data.Sqlite;

namespace ImageGate.Testing.Images;

/// <summary>
/// EL7/8-style rpm databases made here with the real tools: RPMs built with rpmbuild (one with a description long
/// enough that its header spans many overflow pages), recorded by <c>rpm --dbpath … -i --justdb</c> in an sqlite
/// database (the "twin"), their header blobs taken from it and loaded by <c>db5.3_load -t hash</c> into Berkeley DB
/// hash <c>Packages</c> files in several layouts (little-endian 4 KiB pages, big-endian 8 KiB pages with small
/// headers on the hash pages, and a fill factor of 1 that spreads the records over many buckets).
/// </summary>
public sealed class BerkeleyRpmDatabase : IDisposable
{
    /// <summary>The rpm query format the inventory is compared on: name, epoch, version, release, arch, source rpm, licence.</summary>
    public const string QueryFormat = "%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\n";

    private readonly TempDirectory _dir = new("imagegate-bdb");

    public BerkeleyRpmDatabase()
    {
        foreach (var tool in (string[])["rpm", "db5.3_load"]) ExternalProcess.Require(tool);
        var longDescription = string.Join('\n', Enumerable.Range(0, 900).Select(i => $"Line {i} of a description long enough to need overflow pages."));
        var rpms = RpmTestPackages.Build(_dir.Combine("rpmbuild"),
        [
            new RpmSpec("bash", "4.2.46", "35.el7_9") { Arch = "x86_64", License = "GPLv3+", Description = "The GNU Bourne Again shell." },
            new RpmSpec("openssl-libs", "1.0.2k", "26.el7_9") { Epoch = "1", Arch = "x86_64", License = "OpenSSL" },
            new RpmSpec("tzdata", "2024a", "1.el7") { License = "Public Domain", WithFile = true },
            new RpmSpec("kernel-doc", "3.10.0", "1160.el7") { License = "GPLv2", Description = longDescription },
            new RpmSpec("python-libs", "2.7.5", "94.el7_9") { Arch = "x86_64", License = "Python" },
            new RpmSpec("zlib", "1.2.7", "21.el7_9") { Arch = "x86_64", License = "zlib and Boost" },
        ]);

        SqliteDbPath = _dir.Combine("sqlite");
        Directory.CreateDirectory(SqliteDbPath);
        Run("rpm", ["--dbpath", SqliteDbPath, "--initdb"]);
        Run("rpm", ["--dbpath", SqliteDbPath, "-i", "--justdb", "--nodeps", "--noscripts", "--nosignature", .. rpms]);
        RpmQa = Query(SqliteDbPath, "sqlite");

        var blobs = new List<(uint Number, byte[] Blob)>();
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(SqliteDbPath, "rpmdb.sqlite"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using (var connection = new SqliteConnection(builder.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT hnum, blob FROM Packages ORDER BY hnum";
            using var reader = command.ExecuteReader();
            while (reader.Read()) blobs.Add(((uint)reader.GetInt64(0), (byte[])reader.GetValue(1)));
        }
        LargestHeader = blobs.Max(b => b.Blob.Length);
        SmallestHeader = blobs.Min(b => b.Blob.Length);

        foreach (var (name, options, bigEndian) in Layouts)
        {
            var dump = new StringBuilder("VERSION=3\nformat=bytevalue\ntype=hash\n");
            foreach (var option in options) dump.Append(option).Append('\n');
            dump.Append("HEADER=END\n");
            // Record 0 is rpm's next-header-number counter; every other key is a header number, in the file's byte order.
            void Item(ReadOnlySpan<byte> bytes) => dump.Append(' ').Append(Convert.ToHexStringLower(bytes)).Append('\n');
            Item(new byte[4]);
            Item(Number((uint)blobs.Count + 1, bigEndian));
            foreach (var (number, blob) in blobs)
            {
                Item(Number(number, bigEndian));
                Item(blob);
            }
            dump.Append("DATA=END\n");
            var dir = _dir.Combine("bdb-" + name);
            Directory.CreateDirectory(dir);
            var dumpFile = Path.Combine(dir, "Packages.dump");
            File.WriteAllText(dumpFile, dump.ToString());
            Run("db5.3_load", ["-t", "hash", "-f", dumpFile, Path.Combine(dir, "Packages")]);
            File.Delete(dumpFile);
        }
    }

    /// <summary>The Berkeley DB layouts made: name, db_load header options, big-endian keys.</summary>
    public static readonly (string Name, string[] Options, bool BigEndian)[] Layouts =
    [
        ("le-4k", ["db_pagesize=4096", "db_lorder=1234"], false),
        ("be-8k", ["db_pagesize=8192", "db_lorder=4321"], true),
        ("le-spread", ["db_pagesize=4096", "db_lorder=1234", "h_ffactor=1"], false),
    ];

    /// <summary>The licence each package's inventory entry must carry: the EL7 tag as an SPDX expression.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExpectedLicences = new Dictionary<string, string>
    {
        ["bash"] = "GPL-3.0-or-later", ["openssl-libs"] = "OpenSSL", ["tzdata"] = "LicenseRef-Public-Domain",
        ["kernel-doc"] = "GPL-2.0-only", ["python-libs"] = "LicenseRef-Python", ["zlib"] = "Zlib AND LicenseRef-Boost",
    };

    /// <summary>The directory holding the sqlite twin (rpmdb.sqlite).</summary>
    public string SqliteDbPath { get; }

    /// <summary><c>rpm -qa --qf <see cref="QueryFormat"/></c> on the sqlite twin, sorted.</summary>
    public IReadOnlyList<string> RpmQa { get; }

    /// <summary>The largest header blob (bytes).</summary>
    public int LargestHeader { get; }

    /// <summary>The smallest header blob (bytes).</summary>
    public int SmallestHeader { get; }

    /// <summary>The directory holding the <c>Packages</c> file of a layout.</summary>
    public string DbPath(string layout) => _dir.Combine("bdb-" + layout);

    /// <summary>The <c>Packages</c> file of a layout.</summary>
    public string PackagesFile(string layout) => Path.Combine(DbPath(layout), "Packages");

    /// <summary>An image root: CentOS 7 os-release and <c>/var/lib/rpm/Packages</c> holding <paramref name="packages"/>.</summary>
    public string MakeCentOs7Root(string name, byte[] packages)
    {
        var root = _dir.Combine("root-" + name);
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        Directory.CreateDirectory(Path.Combine(root, "var/lib/rpm"));
        File.WriteAllText(Path.Combine(root, "etc/os-release"), CentOs7OsRelease);
        File.WriteAllBytes(Path.Combine(root, "var/lib/rpm/Packages"), packages);
        return root;
    }

    /// <summary>CentOS 7's /etc/os-release.</summary>
    public const string CentOs7OsRelease = "NAME=\"CentOS Linux\"\nVERSION=\"7 (Core)\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"7\"\n" +
        "PRETTY_NAME=\"CentOS Linux 7 (Core)\"\nANSI_COLOR=\"0;31\"\nCPE_NAME=\"cpe:/o:centos:centos:7\"\nHOME_URL=\"https://www.centos.org/\"\n";

    /// <summary><c>rpm -qa</c> with the given database backend over <paramref name="dbPath"/>, sorted lines.</summary>
    public static IReadOnlyList<string> Query(string dbPath, string backend) =>
        Run("rpm", ["--dbpath", dbPath, "--define", "_db_backend " + backend, "-qa", "--qf", QueryFormat]).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();

    private static byte[] Number(uint n, bool bigEndian)
    {
        var b = new byte[4];
        if (bigEndian) System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b, n);
        else System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b, n);
        return b;
    }

    private static ProcessResult Run(string program, string[] args)
    {
        var r = ExternalProcess.Run(program, args, timeout: TimeSpan.FromMinutes(3));
        if (r.ExitCode != 0)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{program} {string.Join(' ', args)} failed ({r.ExitCode}): {r.StandardError}"));
        return r;
    }

    public void Dispose() => _dir.Dispose();
}
