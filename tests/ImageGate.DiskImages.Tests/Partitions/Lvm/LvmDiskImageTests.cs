using ImageGate.Core.Errors;
using ImageGate.FileTrees;
using ImageGate.Testing;
using ImageGate.Testing.Images;

namespace ImageGate.DiskImages.Tests.Partitions.Lvm;

/// <summary>XFS and LVM2 through the disk-image entry point, on an EL9-like qcow2. The <c>ls</c>, <c>cat</c>, <c>scan</c>
/// and <c>inventory</c> verbs on the same images are tested in ImageGate.Cli.Tests (Commands/Disk, Commands/Scan).</summary>
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
    public void Damaged_lvm_metadata_is_bad_input_from_open_naming_the_image()
    {
        var d = El9TestImage.Disk;
        var e = Assert.Throws<BadInputException>(() => DiskImage.Open(d.BadLvmMetadata).Dispose());
        Assert.Contains("bad-lvm-metadata.raw", e.Message);
    }

    [Fact]
    public void A_damaged_xfs_superblock_inside_a_logical_volume_is_bad_input_naming_the_volume()
    {
        var d = El9TestImage.Disk;
        using var image = DiskImage.Open(d.BadXfsInVolume);
        Assert.Equal("xfs", image.Partitions.Single(p => p.Name == "almalinux/root").FileSystem);
        var e = Assert.Throws<BadInputException>(() => image.OpenFileSystem(4));
        Assert.Contains("almalinux/root", e.Message);
        Assert.Throws<BadInputException>(() => image.OpenRootFileSystem().Dispose());
    }

    [Fact]
    public void Snapshots_and_volumes_on_a_missing_pv_are_listed_but_refused_when_opened()
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
    }
}
