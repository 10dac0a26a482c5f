using ImageGate.Core.Errors;
using ImageGate.DiskImages.Containers;
using ImageGate.DiskImages.FileSystems.Xfs;
using ImageGate.DiskImages.Partitions.Lvm;
using ImageGate.DiskImages.Tests.FileSystems.Xfs;
using ImageGate.Testing.Images;

namespace ImageGate.DiskImages.Tests.Partitions.Lvm;

public sealed class LvmVolumeGroupTests
{
    private static (VirtualDisk Boot, VirtualDisk Pv1, VirtualDisk Pv2) Sources()
    {
        var d = LvmTestImages.Disk;
        var disk = new ImageFile(d.Disk);
        return (new SliceDisk(disk, d.BootOffset, d.BootSize), new SliceDisk(disk, d.PvOffset, d.PvSize), new ImageFile(d.SecondPv));
    }

    [Fact]
    public void Physical_volumes_are_recognised_by_their_label_and_nothing_else_is()
    {
        var (boot, pv1, pv2) = Sources();
        Assert.True(LvmProbe.IsPhysicalVolume(pv1));
        Assert.True(LvmProbe.IsPhysicalVolume(pv2));
        Assert.False(LvmProbe.IsPhysicalVolume(boot));
        Assert.True(XfsProbe.IsXfs(boot));
        Assert.False(XfsProbe.IsXfs(pv1));
    }

    [Fact]
    public void A_volume_group_over_two_physical_volumes_lists_its_logical_volumes_as_the_tools_made_them()
    {
        var (_, pv1, pv2) = Sources();
        var vg = LvmVolumeGroup.Read([pv1, pv2]);
        Assert.Equal("almalinux", vg.Name);
        Assert.Equal(4L << 20, vg.ExtentSizeBytes);
        Assert.Equal(2, vg.PhysicalVolumes.Count);
        var lvs = vg.LogicalVolumes.ToDictionary(l => l.Name);
        Assert.Equal(["home", "root", "snap", "snapshot0", "striped", "var"], lvs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(640L << 20, lvs["root"].Length);
        Assert.Equal("almalinux-root", lvs["root"].MapperName);
        Assert.Equal(120L << 20, lvs["home"].Length);
        Assert.Equal(3, lvs["home"].Segments.Count);
        Assert.Equal(2, lvs["home"].Segments.Select(s => s.Stripes[0].Volume.Name).Distinct().Count());
        Assert.Equal(2, lvs["striped"].Segments.Single().Stripes.Count);
        Assert.Null(lvs["var"].UnsupportedReason);
        Assert.False(lvs["snapshot0"].Visible);
    }

    [Fact]
    public void Snapshots_are_refused_with_a_clear_message()
    {
        var (_, pv1, pv2) = Sources();
        var vg = LvmVolumeGroup.Read([pv1, pv2]);
        var snap = vg.LogicalVolumes.Single(l => l.Name == "snap");
        var e = Assert.Throws<BadInputException>(() => snap.Open());
        Assert.Contains("almalinux/snap", e.Message);
        Assert.Contains("snapshot", e.Message);
        Assert.Contains("snapshot", vg.LogicalVolumes.Single(l => l.Name == "snapshot0").UnsupportedReason);
        // The origin itself stays readable.
        Assert.Null(vg.LogicalVolumes.Single(l => l.Name == "root").UnsupportedReason);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("home")]
    [InlineData("striped")]
    public void The_xfs_on_a_logical_volume_equals_the_tree_it_was_made_from(string name)
    {
        var (_, pv1, pv2) = Sources();
        var vg = LvmVolumeGroup.Read([pv1, pv2]);
        var volume = LvmTestImages.Disk.Volumes.Single(v => v.Name == name);
        using var fs = XfsFileSystem.Open(vg.LogicalVolumes.Single(l => l.Name == name).Open(), $"xfs on LV almalinux/{name}");
        TreeAssert.Equal(volume.Expected, fs);
    }

    [Fact]
    public void The_boot_partition_xfs_equals_the_tree_it_was_made_from()
    {
        var (boot, _, _) = Sources();
        using var fs = XfsFileSystem.Open(boot, "xfs on partition 1");
        TreeAssert.Equal(LvmTestImages.Disk.BootExpected, fs);
    }

    [Fact]
    public void Uuid_and_label_are_those_xfs_db_reports_for_fstab_matching()
    {
        var (boot, pv1, pv2) = Sources();
        var root = LvmVolumeGroup.Read([pv1, pv2]).LogicalVolumes.Single(l => l.Name == "root").Open();
        foreach (var (source, label) in new[] { (boot, "boot"), (root, "root") })
        {
            using var fs = XfsFileSystem.Open(source, label);
            Assert.Equal(label, fs.Label);
            var bytes = new byte[1 << 20];
            source.Read(0, bytes);
            var copy = Path.Combine(XfsTestImages.NewScratch("uuid"), "head.img");
            File.WriteAllBytes(copy, bytes);
            var db = Tool.Run("xfs_db", ["-r", "-c", "sb 0", "-c", "print uuid fname", copy]);
            Assert.Contains($"uuid = {fs.Uuid}", db);
            Assert.Contains($"fname = \"{label}\\000", db);
        }
    }

    [Fact]
    public void Without_the_second_physical_volume_only_the_volumes_on_it_are_refused()
    {
        var (_, pv1, _) = Sources();
        var vg = LvmVolumeGroup.Read([pv1]);
        var home = vg.LogicalVolumes.Single(l => l.Name == "home");
        Assert.Contains("missing", home.UnsupportedReason);
        Assert.Throws<BadInputException>(() => home.Open());
        using var fs = XfsFileSystem.Open(vg.LogicalVolumes.Single(l => l.Name == "root").Open(), "root");
        Assert.NotNull(fs.GetEntry("/etc/os-release"));
    }
}
