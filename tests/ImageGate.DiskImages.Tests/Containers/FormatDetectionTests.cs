using ImageGate.Testing;

namespace ImageGate.DiskImages.Tests.Containers;

public sealed class FormatDetectionTests
{
    [Theory]
    [InlineData("gpt.raw", "raw")]
    [InlineData("gpt.qcow2", "qcow2")]
    [InlineData("gpt-v2.qcow2", "qcow2")]
    [InlineData("gpt-compressed.qcow2", "qcow2")]
    [InlineData("gpt-sparse.vmdk", "vmdk")]
    [InlineData("gpt-stream.vmdk", "vmdk")]
    [InlineData("gpt.vhdx", "vhdx")]
    public void The_format_comes_from_magic_bytes_and_the_GPT_is_found(string fixture, string format)
    {
        using var temp = new TempDirectory("ig-fmt");
        // a misleading name proves the format is not taken from the extension
        var copy = temp.Combine("disk.img");
        File.CreateSymbolicLink(copy, Fixtures.Path(fixture));
        using var image = DiskImage.Open(copy);
        Assert.Equal(format, image.Format);
        Assert.Equal(629145600, image.VirtualSize);
        Assert.Equal("gpt", image.PartitionTable);
        var p = Assert.Single(image.Partitions);
        Assert.Equal(1, p.Number);
        Assert.Equal(1048576, p.Start);
        Assert.Equal(1200000L * 512, p.Length);
        Assert.Equal("root", p.Name);
        Assert.Equal("0FC63DAF-8483-4772-8E79-3D69D8477DE4", p.Type);
        Assert.Equal("ext4", p.FileSystem);
        Assert.Equal("root", p.FileSystemLabel);
    }

    [Fact]
    public void A_bare_file_system_is_partition_zero()
    {
        using var image = DiskImage.Open(Fixtures.Path("ext4.raw"));
        Assert.Null(image.PartitionTable);
        var p = Assert.Single(image.Partitions);
        Assert.Equal(0, p.Number);
        Assert.Equal("ext4", p.FileSystem);
    }
}
