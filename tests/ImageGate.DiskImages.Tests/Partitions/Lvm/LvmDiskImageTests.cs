using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.FileTrees;
using ImageGate.Testing;
using ImageGate.Testing.Images;

namespace ImageGate.DiskImages.Tests.Partitions.Lvm;

/// <summary>XFS and LVM2 through the disk-image entry point and the CLI, on an EL9-like qcow2.</summary>
public sealed class LvmDiskImageTests
{
    private static byte[] ReadAll(IFileSystem fs, string path)
    {
        var entry = fs.GetEntry(path) ?? throw new Xunit.Sdk.XunitException($"{path} is missing");
        using var s = fs.OpenRead(entry);
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    [Fact]
    public void Xfs_partitions_and_logical_volumes_appear_as_partitions_with_their_file_systems()
    {
        var d = El9TestImage.Disk;
        using var image = DiskImage.Open(d.Qcow2);
        Assert.Equal("qcow2", image.Format);
        Assert.Equal("gpt", image.PartitionTable);
        Assert.Equal([1, 2, 3, 4, 5], image.Partitions.Select(p => p.Number));
        var boot = image.Partitions[0];
        Assert.Equal("xfs", boot.FileSystem);
        Assert.Equal(d.BootUuid, boot.FileSystemUuid);
        Assert.Equal("boot", boot.FileSystemLabel);
        Assert.Null(image.Partitions[1].FileSystem); // the PV itself
        var lvs = image.Partitions.Skip(2).ToList();
        Assert.Equal(["almalinux/data", "almalinux/root", "almalinux/swap"], lvs.Select(p => p.Name));
        Assert.All(lvs, p => Assert.Equal("lvm", p.Type));
        Assert.Equal(["almalinux-data", "almalinux-root", "almalinux-swap"], lvs.Select(p => p.MapperName));
        Assert.Equal(["xfs", "xfs", null], lvs.Select(p => p.FileSystem));
        Assert.Equal("root", lvs[1].FileSystemLabel);
        Assert.Equal(200L << 20, lvs[1].Length);

        using var root = image.OpenFileSystem(4);
        Assert.Equal(d.OsRelease, ReadAll(root, "/etc/os-release"));
        Assert.Contains("logical volume almalinux/root", root.Description);
        using var bootFs = image.OpenFileSystem(1);
        Assert.Equal(d.Kernel, ReadAll(bootFs, "/vmlinuz-5.14.0-427.el9.x86_64"));
        var e = Assert.Throws<BadInputException>(() => image.OpenFileSystem(5));
        Assert.Contains("no file system", e.Message);
    }

    [Fact]
    public void The_root_is_found_inside_a_logical_volume_and_fstab_mounts_boot_by_uuid_and_srv_by_lvm_name()
    {
        var d = El9TestImage.Disk;
        using var image = DiskImage.Open(d.Qcow2);
        using var fs = image.OpenRootFileSystem();
        Assert.Equal(d.OsRelease, ReadAll(fs, "/etc/os-release"));
        Assert.Equal(d.Kernel, ReadAll(fs, "/boot/vmlinuz-5.14.0-427.el9.x86_64"));
        Assert.Equal("title AlmaLinux\n", System.Text.Encoding.UTF8.GetString(ReadAll(fs, "/boot/loader/entries/el9.conf")));
        Assert.Equal(d.DataFile, ReadAll(fs, "/srv/payload.bin"));
        Assert.NotNull(fs.GetEntry("/var/lib/rpm/rpmdb.sqlite"));
    }

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
    public async Task Scan_reports_the_os_of_the_root_volume_and_inventory_lists_its_rpm_packages()
    {
        var d = El9TestImage.Disk;
        var inv = await CliRunner.RunAsync(["inventory", d.Qcow2, "--format", "json"]);
        Assert.True(inv.ExitCode == 0, inv.StandardError);
        var text = inv.StandardOutput.Length > 0 ? inv.StandardOutput : System.Text.Encoding.UTF8.GetString(inv.RawOutput);
        Assert.Contains(El9TestImage.PackageName, text);
        Assert.Contains("1.2.3", text);
        Assert.Contains("almalinux", text, StringComparison.OrdinalIgnoreCase);

        var scan = await CliRunner.RunAsync(["scan", d.Qcow2, "--json", "--no-patch-check"]);
        Assert.True(scan.ExitCode is 0 or 1, $"exit {scan.ExitCode}: {scan.StandardError}");
        var report = scan.StandardOutput.Length > 0 ? scan.StandardOutput : System.Text.Encoding.UTF8.GetString(scan.RawOutput);
        using var doc = JsonDocument.Parse(report);
        Assert.Equal("AlmaLinux 9.4 (Seafoam Ocelot)", doc.RootElement.GetProperty("os").GetProperty("prettyName").GetString());
    }

    [Fact]
    public async Task Damaged_lvm_metadata_is_bad_input_from_open_and_exit_2_from_the_cli()
    {
        var d = El9TestImage.Disk;
        var e = Assert.Throws<BadInputException>(() => DiskImage.Open(d.BadLvmMetadata).Dispose());
        Assert.Contains("bad-lvm-metadata.raw", e.Message);
        var r = await CliRunner.RunAsync(["ls", d.BadLvmMetadata]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad-lvm-metadata.raw", r.StandardError);
        Assert.DoesNotContain("   at ", r.StandardError);
    }

    [Fact]
    public async Task A_damaged_xfs_superblock_inside_a_logical_volume_is_bad_input_and_exit_2()
    {
        var d = El9TestImage.Disk;
        using (var image = DiskImage.Open(d.BadXfsInVolume))
        {
            Assert.Equal("xfs", image.Partitions.Single(p => p.Name == "almalinux/root").FileSystem);
            var e = Assert.Throws<BadInputException>(() => image.OpenFileSystem(4));
            Assert.Contains("almalinux/root", e.Message);
            Assert.Throws<BadInputException>(() => image.OpenRootFileSystem().Dispose());
        }
        var r = await CliRunner.RunAsync(["ls", d.BadXfsInVolume]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad-xfs-in-lv.raw", r.StandardError);
        Assert.DoesNotContain("   at ", r.StandardError);
    }

    [Fact]
    public async Task Snapshots_and_volumes_on_a_missing_pv_are_listed_but_refused_when_opened()
    {
        var disk = LvmTestImages.Disk.Disk;
        using var image = DiskImage.Open(disk);
        var lvs = image.Partitions.Where(p => p.Type == "lvm").ToDictionary(p => p.Name!);
        Assert.Equal(["almalinux/home", "almalinux/root", "almalinux/snap", "almalinux/striped", "almalinux/var"], lvs.Keys);
        Assert.Equal("xfs", lvs["almalinux/root"].FileSystem);
        Assert.Null(lvs["almalinux/snap"].FileSystem);
        var snap = Assert.Throws<BadInputException>(() => image.OpenFileSystem(lvs["almalinux/snap"].Number));
        Assert.Contains("almalinux/snap", snap.Message);
        Assert.Contains("snapshot", snap.Message);
        Assert.Throws<BadInputException>(() => image.OpenFileSystem(lvs["almalinux/home"].Number)); // its last segment is on pv2.raw
        using (var root = image.OpenFileSystem(lvs["almalinux/root"].Number))
            Assert.NotNull(root.GetEntry("/etc/os-release"));
        var r = await CliRunner.RunAsync(["ls", disk, "--partition", lvs["almalinux/snap"].Number.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("snapshot", r.StandardError);
    }
}
