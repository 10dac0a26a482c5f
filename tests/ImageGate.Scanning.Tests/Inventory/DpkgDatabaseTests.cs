using ImageGate.DiskImages;
using ImageGate.Scanning.Inventory;
using ImageGate.Testing;

namespace ImageGate.Scanning.Tests.Inventory;

public sealed class DpkgDatabaseTests
{
    [Theory]
    [InlineData("root")]
    [InlineData("root.tar")]
    public void The_inventory_equals_dpkg_query_package_by_package(string fixture)
    {
        var root = Fixtures.Path("root");
        ExternalProcess.Require("dpkg-query");
        var r = ExternalProcess.Run("dpkg-query", ["--admindir=" + Path.Combine(root, "var/lib/dpkg"), "-W",
            "-f=${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n"]);
        Assert.Equal(0, r.ExitCode);
        var expected = r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        Assert.True(expected.Count > 50);

        using var fs = ImageSource.Open(Fixtures.Path(fixture));
        var actual = DpkgDatabase.Read(fs)
            .Select(p => $"{p.Name}\t{p.Version}\t{p.Architecture}\t{p.SourceName}\t{p.SourceVersion}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Machine_readable_copyright_files_give_spdx_licences()
    {
        using var fs = ImageSource.Open(Fixtures.Path("root"));
        var packages = DpkgDatabase.Read(fs).ToDictionary(p => p.Name);
        Assert.Contains("GPL-3.0-or-later", packages["bash"].License);
        Assert.True(packages.Values.Count(p => p.License is not null) > 20);
    }

    [Fact]
    public void Os_release_is_read_through_its_symlink()
    {
        using var fs = ImageSource.Open(Fixtures.Path("root.tar"));
        var os = OsReleaseReader.Read(fs);
        Assert.NotNull(os);
        Assert.Equal("debian", os.Id);
        Assert.Equal("12", os.VersionId);
        Assert.Equal("bookworm", os.VersionCodename);
    }
}
