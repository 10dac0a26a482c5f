using ImageGate.DiskImages.Tests.Support;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.Tests.FileSystems.Ext;

/// <summary>Images made by mke2fs -d from a known source tree (ext2 with indirect blocks and 1 KiB blocks, ext3, ext4
/// with inline data, meta_bg, 512-byte inodes; raw, VHD, zstd qcow2, flat VMDK) read back exactly as the tree, as
/// find(1) sees it: kinds (fifo, socket, devices), modes with setuid/setgid/sticky, uid/gid above 65535, sizes, sparse
/// and fragmented files, fast and slow symlinks, hard links, many-block directories.</summary>
public sealed class GeneratedImageTests(GeneratedImages images) : IClassFixture<GeneratedImages>
{
    [Theory]
    [InlineData("ext2-1k-raw", "raw", "ext2")]
    [InlineData("ext2-nofiletype-raw", "raw", "ext2")]
    [InlineData("ext3-2k-vhd", "vhd", "ext3")]
    [InlineData("ext4-inline-zstd-qcow2", "qcow2", "ext4")]
    [InlineData("ext4-metabg-flat-vmdk", "vmdk", "ext4")]
    [InlineData("ext4-fixed-vhd", "vhd", "ext4")]
    public void An_image_made_from_a_tree_reads_back_as_that_tree(string flavour, string format, string kind)
    {
        var path = images.Image(flavour);
        var expected = TreeSnapshot.FromHostDirectory(images.Source, facts: true);
        using var image = DiskImage.Open(path);
        Assert.Equal(format, image.Format);
        var p = Assert.Single(image.Partitions);
        Assert.Equal(kind, p.FileSystem);
        using var fs = image.OpenFileSystem(p.Number);
        var actual = TreeSnapshot.FromFileSystem(fs);
        actual.Entries.Remove("lost+found");
        TreeSnapshot.AssertSame(expected, actual, flavour);

        var hard = fs.GetEntry("/hardlink.txt")!;
        Assert.Equal(fs.GetEntry("/small.txt")!.NodeId, hard.NodeId);
        Assert.Equal((259, 70000), fs.GetEntry("/blk")!.Device);
        Assert.Equal((1, 3), fs.GetEntry("/chr")!.Device);
        Assert.Equal("/etc/passwd", fs.GetEntry("/link-abs")!.LinkTarget);
        // symlinks inside the image resolve inside the image, never on the host
        Assert.Null(fs.GetEntry("/link-abs/x"));
        Assert.Equal(fs.GetEntry("/small.txt")!.NodeId, fs.GetEntryFollowingLinks("/link-short")!.NodeId);
    }

    [Fact]
    public void A_sparse_file_reads_its_holes_as_zeros_and_its_data_in_place()
    {
        using var image = DiskImage.Open(images.Image("ext4-inline-zstd-qcow2"));
        using var fs = image.OpenFileSystem(0);
        var e = fs.GetEntry("/sparse.bin")!;
        using var s = fs.OpenRead(e);
        s.Position = 10000000 - 3;
        var buf = new byte[12];
        s.ReadExactly(buf);
        Assert.Equal("\0\0\0middle\0\0\0"u8.ToArray(), buf);
        s.Seek(-3, SeekOrigin.End);
        Assert.Equal(0, s.Position == e.Size - 3 ? 0 : 1);
    }
}
