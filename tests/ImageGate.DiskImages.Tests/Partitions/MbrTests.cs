using ImageGate.Testing;

namespace ImageGate.DiskImages.Tests.Partitions;

public sealed class MbrTests
{
    [Fact]
    public void The_MBR_disk_has_a_primary_an_extended_and_a_logical_partition()
    {
        using var image = DiskImage.Open(Fixtures.Path("mbr.raw"));
        Assert.Equal("mbr", image.PartitionTable);
        Assert.Equal([1, 2, 5], image.Partitions.Select(p => p.Number));
        Assert.Equal("ext4", image.Partitions[0].FileSystem);
        Assert.Null(image.Partitions[1].FileSystem);
        Assert.Equal("0x05", image.Partitions[1].Type);
        Assert.Equal("ext4", image.Partitions[2].FileSystem);
        Assert.Equal(1204224L * 512, image.Partitions[2].Start);
        Assert.Equal("feedface-0000-4000-8000-00000000da7a", image.Partitions[2].FileSystemUuid);
    }

    [Fact]
    public void The_root_file_system_mounts_the_logical_partition_at_srv_from_fstab()
    {
        using var image = DiskImage.Open(Fixtures.Path("mbr.raw"));
        using var fs = image.OpenRootFileSystem();
        Assert.NotNull(fs.GetEntry("/etc/os-release"));
        var names = fs.List("/srv").Select(e => e.Path).ToList();
        Assert.Contains("/srv/data", names);
        Assert.Contains("/srv/data/readme.txt", fs.Walk("/srv").Select(e => e.Path));
        // the whole walk shows the mounted tree at /srv and never the root file system's own (empty) /srv twice
        var all = fs.Walk().Select(e => e.Path).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Contains("/srv/data/readme.txt", all);
        var readme = fs.GetEntry("/srv/data/readme.txt")!;
        using var s = fs.OpenRead(readme);
        Assert.Equal(readme.Size, new StreamReader(s).ReadToEnd().Length);
    }
}
