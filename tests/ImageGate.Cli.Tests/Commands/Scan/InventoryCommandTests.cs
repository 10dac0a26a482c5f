using ImageGate.Testing;
using ImageGate.Testing.Images;

namespace ImageGate.Cli.Tests.Commands.Scan;

/// <summary><c>inventory</c> of EL7 roots whose packages are in a Berkeley DB <c>Packages</c> file made by rpm and db5.3_load.</summary>
public sealed class InventoryCommandTests(BerkeleyRpmDatabase db) : IClassFixture<BerkeleyRpmDatabase>
{
    private const string PackagesPath = "/var/lib/rpm/Packages";

    [Fact]
    public async Task The_inventory_verb_reads_a_CentOS_7_tar_archive_and_a_damaged_database_is_exit_2_naming_it()
    {
        var root = db.MakeCentOs7Root("tar", File.ReadAllBytes(db.PackagesFile("be-8k")));
        var tar = root + ".tar";
        var packed = ExternalProcess.Run("tar", ["-C", root, "-cf", tar, "."]);
        Assert.True(packed.ExitCode == 0, packed.StandardError);

        var r = await CliRunner.RunAsync(["inventory", tar, "--format", "json"]);

        Assert.True(r.ExitCode == 0, r.StandardError);
        var text = r.StandardOutput.Length > 0 ? r.StandardOutput : System.Text.Encoding.UTF8.GetString(r.RawOutput);
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        var names = doc.RootElement.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(db.RpmQa.Select(l => l.Split('\t')[0]).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Contains(doc.RootElement.GetProperty("packages").EnumerateArray(),
            p => p.GetProperty("purl").GetString()!.StartsWith("pkg:rpm/centos/openssl-libs@1.0.2k-26.el7_9", StringComparison.Ordinal));

        var damagedRoot = db.MakeCentOs7Root("tar-damaged", File.ReadAllBytes(db.PackagesFile("be-8k"))[..20000]);
        var bad = await CliRunner.RunAsync(["inventory", damagedRoot, "--format", "json"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains(PackagesPath, bad.StandardError, StringComparison.Ordinal);
        Assert.Contains("truncated", bad.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bad.StandardError, StringComparison.Ordinal);
    }
}
