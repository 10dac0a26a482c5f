using ImageGate.Core.Errors;
using ImageGate.DiskImages.FileSystems.Host;
using ImageGate.Scanning.Inventory;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using Microsoft.Data.Sqlite;

namespace ImageGate.Scanning.Tests.Inventory;

/// <summary>The repository each rpm came from: dnf's own history (the real dnf installing into a root from local
/// repositories made with createrepo_c), and yum's yumdb as EL7 lays it out.</summary>
public sealed class RpmRepositoriesTests
{
    /// <summary>A root where the real dnf installed from baseos and rpmfusion-nonfree, upgraded one package from
    /// updates and installed a local file; and rpm alone installed one more package.</summary>
    internal sealed record DnfTestRoot(string Root, DnfRoot Dnf, IReadOnlyDictionary<string, string> Repositories);

    internal static DnfTestRoot BuildDnfRoot(TempDirectory tmp)
    {
        var rpms = RpmTestPackages.Build(tmp.Combine("rpmbuild"),
        [
            new RpmSpec("ig-base", "1.0", "1") { License = "MIT" },
            new RpmSpec("ig-up", "1.0", "1") { License = "MIT" },
            new RpmSpec("ig-nonfree", "2.0", "3") { Epoch = "1", License = "LicenseRef-Proprietary" },
            new RpmSpec("ig-local", "0.1", "1") { License = "MIT" },
            new RpmSpec("ig-rpmonly", "0.1", "1") { License = "MIT" },
        ]);
        var upgrade = RpmTestPackages.Build(tmp.Combine("rpmbuild-updates"), [new RpmSpec("ig-up", "1.1", "1") { License = "MIT" }]).Single();
        var repositories = new Dictionary<string, string>
        {
            ["baseos"] = tmp.Combine("repo-baseos"),
            ["rpmfusion-nonfree"] = tmp.Combine("repo-nonfree"),
            ["updates"] = tmp.Combine("repo-updates"),
        };
        ElTestRepository.Create(repositories["baseos"], [rpms[0], rpms[1]], null, null);
        ElTestRepository.Create(repositories["rpmfusion-nonfree"], [rpms[2]], null, null);
        ElTestRepository.Create(repositories["updates"], [upgrade], null, null);

        var dnf = new DnfRoot(tmp.Combine("root"), tmp.Path);
        var first = repositories.Where(r => r.Key != "updates").ToDictionary();
        dnf.Run(first, "install", "ig-base", "ig-up", "ig-nonfree");
        dnf.Run(repositories, "upgrade", "ig-up");
        dnf.Run(first, "install", rpms[3]);
        var rpm = ExternalProcess.Run("rpm", ["--root", dnf.Root, "--define", "_dbpath /var/lib/rpm", "-i", "--nodeps", "--noscripts", rpms[4]]);
        Assert.True(rpm.ExitCode == 0, rpm.StandardError);
        return new DnfTestRoot(dnf.Root, dnf, repositories);
    }

    [Fact]
    public void Each_package_has_the_repository_dnf_itself_reports_from_its_history()
    {
        using var tmp = new TempDirectory();
        var root = BuildDnfRoot(tmp);
        Assert.True(File.Exists(Path.Combine(root.Root, "var/lib/dnf/history.sqlite")));

        using var fs = new HostDirectoryFileSystem(root.Root);
        var packages = RpmDatabase.Read(fs).ToDictionary(p => p.Name, p => p.Repository);

        Assert.Equal("baseos", packages["ig-base"]);
        Assert.Equal("updates", packages["ig-up"]); // the upgrade's item is the newest that brought 1.1 in
        Assert.Equal("rpmfusion-nonfree", packages["ig-nonfree"]);
        Assert.Equal("@commandline", packages["ig-local"]);
        Assert.Null(packages["ig-rpmonly"]);
        // The oracle: dnf's own from_repo for the installed packages (empty where it knows none).
        var fromDnf = Query(root, "%{name}\t%{from_repo}");
        Assert.Equal(fromDnf, packages.Where(p => p.Key.StartsWith("ig-", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value ?? ""));
    }

    private static Dictionary<string, string> Query(DnfTestRoot root, string format)
    {
        var output = root.Dnf.Run(new Dictionary<string, string>(), "-q", "repoquery", "--installed", "--qf", format + "\n");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t'))
            .Where(f => f[0].StartsWith("ig-", StringComparison.Ordinal)).ToDictionary(f => f[0], f => f.Length > 1 ? f[1] : "");
    }

    [Fact]
    public void Yumdb_from_repo_names_the_repository_of_an_el7_package_by_its_header_id()
    {
        using var tmp = new TempDirectory();
        var rpms = RpmTestPackages.Build(tmp.Combine("rpmbuild"),
        [
            new RpmSpec("ig-base", "1.0", "1.el7") { License = "MIT" },
            new RpmSpec("ig-epel", "2.0", "1.el7") { Epoch = "3", License = "MIT", Arch = "x86_64" },
            new RpmSpec("ig-none", "1.0", "1.el7") { License = "MIT" },
        ]);
        var root = tmp.Combine("root");
        Directory.CreateDirectory(root);
        string[] db = ["--root", root, "--define", "_dbpath /var/lib/rpm"];
        var install = ExternalProcess.Run("rpm", [.. db, "-i", "--nodeps", "--noscripts", .. rpms]);
        Assert.True(install.ExitCode == 0, install.StandardError);
        var ids = ExternalProcess.Run("rpm", [.. db, "-qa", "--qf", "%{NAME}\t%{SHA1HEADER}\n"]).StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToDictionary(f => f[0], f => f[1]);
        // yum (not packaged for Debian 12) writes /var/lib/yum/yumdb/<first letter>/<pkgid>-<name>-<ver>-<rel>-<arch>/from_repo
        // (yum's rpmsack.py; pkgid is the installed header's SHA1HEADER, the epoch is not in the name).
        void Yumdb(string dir, string repo)
        {
            var path = Path.Combine(root, "var/lib/yum/yumdb/i", dir);
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "from_repo"), repo);
            File.WriteAllText(Path.Combine(path, "reason"), "user");
        }
        Yumdb($"{ids["ig-base"]}-ig-base-1.0-1.el7-noarch", "base");
        Yumdb($"{ids["ig-epel"]}-ig-epel-2.0-1.el7-x86_64", "epel\n");
        Yumdb($"{new string('0', 40)}-ig-epel-2.0-1.el7-x86_64", "rpmfusion-nonfree"); // a stale entry of another build
        Yumdb($"{new string('1', 40)}-ig-none-1.0-1.el7-x86_64", "base"); // another arch: not this package

        using var fs = new HostDirectoryFileSystem(root);
        var packages = RpmDatabase.Read(fs).ToDictionary(p => p.Name);

        Assert.Equal("base", packages["ig-base"].Repository);
        Assert.Equal("3:2.0-1.el7", packages["ig-epel"].Version);
        Assert.Equal("epel", packages["ig-epel"].Repository);
        Assert.Null(packages["ig-none"].Repository);
    }

    [Fact]
    public void A_repository_id_that_is_not_one_is_taken_as_none()
    {
        using var tmp = new TempDirectory();
        var root = BuildDnfRoot(tmp);
        using (var c = new SqliteConnection($"Data Source={Path.Combine(root.Root, "var/lib/dnf/history.sqlite")};Pooling=False"))
        {
            c.Open();
            using var update = c.CreateCommand();
            update.CommandText = "UPDATE repo SET repoid = 'rpmfusion-nonfree' || char(10) || '::error::x <b>' WHERE repoid = 'rpmfusion-nonfree'";
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        using var fs = new HostDirectoryFileSystem(root.Root);
        var packages = RpmDatabase.Read(fs).ToDictionary(p => p.Name, p => p.Repository);

        Assert.Null(packages["ig-nonfree"]);
        Assert.Equal("baseos", packages["ig-base"]);
    }

    public static TheoryData<string> HostileHistories => ["garbage", "truncated", "other-tables", "text-epoch-and-nulls"];

    [Theory]
    [MemberData(nameof(HostileHistories))]
    public void A_hostile_history_database_is_bad_input_naming_it_or_yields_no_repository(string kind)
    {
        using var tmp = new TempDirectory();
        var root = BuildDnfRoot(tmp);
        var history = Path.Combine(root.Root, "var/lib/dnf/history.sqlite");
        Checkpoint(history);
        switch (kind)
        {
            case "garbage":
                File.WriteAllBytes(history, [.. "SQLite format 3\0"u8, .. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251))]);
                break;
            case "truncated":
                var bytes = File.ReadAllBytes(history);
                Assert.True(bytes.Length >= 3 * 4096, $"history is {bytes.Length} bytes");
                File.WriteAllBytes(history, bytes[..(bytes.Length / 3)]);
                break;
            case "other-tables":
                File.Delete(history);
                using (var c = new SqliteConnection($"Data Source={history};Pooling=False"))
                {
                    c.Open();
                    using var create = c.CreateCommand();
                    create.CommandText = "CREATE TABLE trans (id INTEGER PRIMARY KEY)";
                    create.ExecuteNonQuery();
                }
                break;
            case "text-epoch-and-nulls":
                using (var c = new SqliteConnection($"Data Source={history};Pooling=False"))
                {
                    c.Open();
                    using var update = c.CreateCommand();
                    update.CommandText = "PRAGMA ignore_check_constraints = 1; UPDATE rpm SET epoch = 'one' WHERE name = 'ig-base';" +
                        "INSERT INTO repo (id, repoid) VALUES (99, x'00ff'); UPDATE trans_item SET repo_id = 99 WHERE item_id = (SELECT item_id FROM rpm WHERE name = 'ig-nonfree');";
                    update.ExecuteNonQuery();
                }
                break;
        }

        using var fs = new HostDirectoryFileSystem(root.Root);
        if (kind == "text-epoch-and-nulls")
        {
            // Odd values are data: they name no package or no repository, and the rest still reads.
            var packages = RpmDatabase.Read(fs).ToDictionary(p => p.Name, p => p.Repository);
            Assert.Null(packages["ig-base"]);
            Assert.Null(packages["ig-nonfree"]);
            Assert.Equal("updates", packages["ig-up"]);
            return;
        }
        var ex = Assert.Throws<BadInputException>(() => RpmDatabase.Read(fs));
        Assert.Equal("/var/lib/dnf/history.sqlite", ex.Path);
        Assert.Contains("dnf history database is not readable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_implausibly_large_history_database_is_refused_before_it_is_read()
    {
        using var tmp = new TempDirectory();
        var root = BuildDnfRoot(tmp);
        var history = Path.Combine(root.Root, "var/lib/dnf/history.sqlite");
        Checkpoint(history);
        using (var f = new FileStream(history, FileMode.Open, FileAccess.Write)) f.SetLength(RpmRepositories.MaxHistoryBytes + 1); // sparse

        using var fs = new HostDirectoryFileSystem(root.Root);
        var ex = Assert.Throws<BadInputException>(() => RpmDatabase.Read(fs));
        Assert.Equal("/var/lib/dnf/history.sqlite", ex.Path);
        Assert.Contains("implausibly large", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Moves dnf's write-ahead log into the database file (so damaging the file damages the data).</summary>
    private static void Checkpoint(string database)
    {
        using (var c = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            c.Open();
            using var command = c.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;";
            command.ExecuteNonQuery();
        }
        foreach (var side in new[] { "-wal", "-shm" })
            if (File.Exists(database + side)) File.Delete(database + side);
    }
}
