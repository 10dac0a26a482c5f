using ImageGate.Core.Packages;
using ImageGate.DiskImages.FileSystems.Host;
using ImageGate.Scanning.Inventory;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;

namespace ImageGate.Scanning.Tests.Inventory;

public sealed class RpmDatabaseTests
{
    [Fact]
    public void Packages_installed_by_rpm_into_a_root_are_read_from_rpmdb_sqlite_like_rpm_qa()
    {
        using var tmp = new TempDirectory();
        var rpmFile = RpmTestPackages.Build(tmp.Combine("rpmbuild"),
            [new RpmSpec("imagegate-hello", "1.2.3", "4.el9") { Epoch = "2", License = "MIT and GPLv2+", WithFile = true }]).Single();
        var root = tmp.Combine("root");
        Directory.CreateDirectory(root);
        var db = new[] { "--root", root, "--define", "_dbpath /var/lib/rpm" };
        var install = ExternalProcess.Run("rpm", [.. db, "-i", "--nodeps", "--noscripts", rpmFile]);
        Assert.True(install.ExitCode == 0, install.StandardError);
        Assert.True(File.Exists(Path.Combine(root, "var/lib/rpm/rpmdb.sqlite")));
        var qa = ExternalProcess.Run("rpm", [.. db, "-qa", "--qf", "%{NAME}\t%{EPOCH}:%{VERSION}-%{RELEASE}\t%{ARCH}\n"]);
        Assert.Equal(0, qa.ExitCode);

        using var fs = new HostDirectoryFileSystem(root);
        var packages = RpmDatabase.Read(fs);
        var p = Assert.Single(packages);
        Assert.Equal(qa.StandardOutput.Trim(), $"{p.Name}\t{p.Version}\t{p.Architecture}");
        Assert.Equal(PackageType.Rpm, p.Type);
        Assert.Equal("imagegate-hello", p.SourceName);
        Assert.Equal("1.2.3-4.el9", p.SourceVersion);
        Assert.Equal("MIT AND GPL-2.0-or-later", p.License);
    }

    [Fact]
    public void A_damaged_header_blob_is_bad_input()
    {
        Assert.Throws<ImageGate.Core.Errors.BadInputException>(() => RpmDatabase.ParseHeader([0, 0, 0, 9, 0, 0, 0, 9, 1, 2, 3]));
    }
}
