using System.Globalization;
using System.Text.Json;
using ImageGate.DiskImages;
using ImageGate.Testing;
using ImageGate.Testing.Images;

namespace ImageGate.Cli.Tests.Commands.Disk;

/// <summary><c>ls</c> and <c>cat</c> on EL9-like disks with XFS and LVM2 (ImageGate.Testing's <see cref="El9TestImage"/>
/// and <see cref="LvmTestImages"/>): the mounted tree, a logical volume by partition number, and exit 2 naming the
/// image or the volume when the metadata is damaged or the volume cannot be read.</summary>
public sealed class LvmVerbTests
{
    [Fact]
    public async Task Ls_lists_the_mounted_tree_as_json_and_a_logical_volume_by_partition_number()
    {
        var d = El9TestImage.Disk;
        var r = await CliRunner.RunAsync(["ls", d.Qcow2, "/", "--recursive", "--json"]);
        Assert.True(r.ExitCode == 0, r.StandardError);
        using var doc = JsonDocument.Parse(r.StandardOutput);
        var paths = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToHashSet();
        Assert.Contains("/etc/os-release", paths);
        Assert.Contains("/boot/vmlinuz-5.14.0-427.el9.x86_64", paths);
        Assert.Contains("/srv/payload.bin", paths);

        var data = await CliRunner.RunAsync(["ls", d.Qcow2, "/", "--partition", "3"]);
        Assert.True(data.ExitCode == 0, data.StandardError);
        Assert.Contains("payload.bin", data.StandardOutput);
        var cat = await CliRunner.RunAsync(["cat", d.Qcow2, "/etc/os-release"]);
        Assert.Equal(0, cat.ExitCode);
        Assert.Equal(d.OsRelease, cat.RawOutput);
    }

    [Fact]
    public Task Ls_exits_2_naming_the_image_when_its_lvm_metadata_is_damaged() =>
        AssertLsIsBadInputNaming(El9TestImage.Disk.BadLvmMetadata, "bad-lvm-metadata.raw");

    [Fact]
    public Task Ls_exits_2_naming_the_image_when_the_xfs_in_its_root_volume_is_damaged() =>
        AssertLsIsBadInputNaming(El9TestImage.Disk.BadXfsInVolume, "bad-xfs-in-lv.raw");

    [Fact]
    public async Task Ls_of_an_old_style_snapshot_volume_exits_2_naming_the_snapshot()
    {
        var disk = LvmTestImages.Disk.Disk;
        int snap;
        using (var image = DiskImage.Open(disk))
            snap = image.Partitions.Single(p => p.Type == "lvm" && p.Name == "almalinux/snap").Number;
        var r = await CliRunner.RunAsync(["ls", disk, "--partition", snap.ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("snapshot", r.StandardError);
    }

    /// <summary>ls of <paramref name="image"/> exits 2 with a message naming <paramref name="fileName"/> and no stack trace.</summary>
    private static async Task AssertLsIsBadInputNaming(string image, string fileName)
    {
        var r = await CliRunner.RunAsync(["ls", image]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(fileName, r.StandardError);
        Assert.DoesNotContain("   at ", r.StandardError);
    }
}
