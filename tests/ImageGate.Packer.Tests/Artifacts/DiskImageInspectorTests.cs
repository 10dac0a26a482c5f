using ImageGate.Packer.Artifacts;
using ImageGate.Testing;

namespace ImageGate.Packer.Tests.Artifacts;

/// <summary>Formats and digests checked against images made by the real qemu-img and digests by coreutils.</summary>
public sealed class DiskImageInspectorTests
{
    [Theory]
    [InlineData("qcow2", DiskImageFormat.Qcow2)]
    [InlineData("vmdk", DiskImageFormat.Vmdk)]
    [InlineData("vhdx", DiskImageFormat.Vhdx)]
    [InlineData("raw", DiskImageFormat.Raw)]
    public async Task Format_size_and_digests_match_qemu_img_and_coreutils(string qemuFormat, DiskImageFormat expected)
    {
        ExternalProcess.Require("qemu-img");
        using var dir = new TempDirectory();
        var path = dir.Combine("disk." + qemuFormat);
        Assert.Equal(0, ExternalProcess.Run("qemu-img", ["create", "-q", "-f", qemuFormat, path, "3M"]).ExitCode);

        Assert.True(DiskImageInspector.IsDiskImage(path));
        var image = await DiskImageInspector.InspectAsync(path, "b", TestContext.Current.CancellationToken);

        Assert.Equal(expected, image.Format);
        Assert.Equal(new FileInfo(path).Length, image.Size);
        Assert.Equal(ExternalProcess.Run("sha256sum", [path]).StandardOutput.Split(' ')[0], image.Sha256);
        Assert.Equal(ExternalProcess.Run("sha512sum", [path]).StandardOutput.Split(' ')[0], image.Sha512);
        Assert.Equal("sha256:" + image.Sha256, image.Digest);
    }

    [Fact]
    public void A_text_file_is_not_a_disk_image_but_whole_sectors_are_raw()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("notes.txt"), "hello");
        File.WriteAllBytes(dir.Combine("disk.raw"), new byte[4096]);
        File.WriteAllBytes(dir.Combine("empty.img"), []);
        Assert.False(DiskImageInspector.IsDiskImage(dir.Combine("notes.txt")));
        Assert.True(DiskImageInspector.IsDiskImage(dir.Combine("disk.raw")));
        Assert.False(DiskImageInspector.IsDiskImage(dir.Combine("empty.img")));
        Assert.False(DiskImageInspector.IsDiskImage(dir.Combine("missing.img")));
        Assert.False(DiskImageInspector.IsDiskImage(dir.Path));
    }

    [Fact]
    public void A_truncated_header_is_raw() =>
        Assert.Equal(DiskImageFormat.Raw, DiskImageInspector.DetectFormat("QFI"u8));
}
