using ImageGate.DiskImages.Tests.Support;
using ImageGate.Testing;
using ImageGate.Testing.Images.Damage;

namespace ImageGate.DiskImages.Tests.Damage;

/// <summary>Every image of the damaged corpus (ImageGate.Testing's <see cref="DamagedImageCorpus"/>) ends in a
/// BadInputException naming the image within seconds; never another exception, a hang, or a read of a host file outside
/// the image's folder. The <c>ls</c> and <c>cat</c> verbs on the same corpus (exit 2) are tested in ImageGate.Cli.Tests
/// (Commands/Disk).</summary>
public sealed class DamagedImageTests(DamageBases bases) : IClassFixture<DamageBases>
{
    public static TheoryData<string> Cases => new(DamagedImageCorpus.All.Select(c => c.Name));

    [Fact]
    public void The_corpus_holds_at_least_forty_damaged_images_and_its_bases_are_healthy()
    {
        Assert.True(DamagedImageCorpus.All.Count >= 40, $"only {DamagedImageCorpus.All.Count} cases");
        Assert.Equal(DamagedImageCorpus.All.Count, DamagedImageCorpus.All.Select(c => c.Name).Distinct().Count());
        foreach (var b in DamagedImageCorpus.All.Select(c => c.Base).Distinct())
            Assert.Null(Reader.Within(TimeSpan.FromSeconds(30), () => Reader.ReadEverything(bases[b]), b));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_damaged_image_is_bad_input(string name)
    {
        var c = DamagedImageCorpus.All.Single(x => x.Name == name);
        using var temp = new TempDirectory("ig-dmg");
        var file = temp.Combine("case-" + name + Path.GetExtension(c.Base));
        File.Copy(bases[c.Base], file);
        c.Damage(file, bases);
        var ex = Reader.AssertBadInput(Reader.Within(TimeSpan.FromSeconds(20), () => Reader.ReadEverything(file), name), name);
        Assert.Contains(temp.Path, ex.Message);
    }

    [Fact]
    public void A_stream_VMDK_whose_header_defers_to_the_footer_reads_through_the_footer()
    {
        using var temp = new TempDirectory("ig-stream");
        var file = temp.Combine("disk.vmdk");
        File.Copy(bases["gpt-stream.vmdk"], file);
        // qemu-img writes the grain directory's place into the header; VMware writes it only into the footer:
        // append footer marker, footer (the header as it was) and end-of-stream marker, then defer the header
        var header = Patch.Read(file, 0, 512);
        var marker = new byte[512];
        marker[0] = 1;
        marker[12] = 3; // footer marker type
        using (var f = new FileStream(file, FileMode.Append)) { f.Write(marker); f.Write(header); f.Write(new byte[512]); }
        Patch.Le64(file, 56, ulong.MaxValue);
        Assert.Null(Reader.Within(TimeSpan.FromSeconds(20), () => Reader.ReadEverything(file), "footer"));
    }

    [Fact]
    public void A_damaged_primary_GPT_falls_back_to_the_backup()
    {
        using var temp = new TempDirectory("ig-gpt");
        var file = temp.Combine("disk.raw");
        File.Copy(bases["gpt.raw"], file);
        Patch.Flip(file, 512 + 60);       // primary header CRC now wrong
        Patch.Flip(file, 1024 + 100);     // and its entries too
        using var image = DiskImage.Open(file);
        Assert.Equal("ext4", Assert.Single(image.Partitions).FileSystem);
        using var fs = image.OpenRootFileSystem();
        Assert.NotNull(fs.GetEntry("/sub/f"));
    }

    [Fact]
    public void A_backing_file_outside_the_folder_is_read_only_when_allowed()
    {
        using var temp = new TempDirectory("ig-back");
        Directory.CreateDirectory(temp.Combine("base"));
        Directory.CreateDirectory(temp.Combine("overlay"));
        var baseImage = temp.Combine("base", "gpt.qcow2");
        File.Copy(bases["gpt.qcow2"], baseImage);
        var overlay = temp.Combine("overlay", "top.qcow2");
        Assert.Equal(0, ExternalProcess.Run("qemu-img", ["create", "-q", "-f", "qcow2", "-b", "../base/gpt.qcow2", "-F", "qcow2", overlay]).ExitCode);
        var ex = Reader.AssertBadInput(Reader.Within(TimeSpan.FromSeconds(10), () => DiskImage.Open(overlay).Dispose(), "overlay"), "overlay");
        Assert.Contains("outside the image's folder", ex.Message);
        using var image = DiskImage.Open(overlay, new DiskImageOptions { AllowBackingOutsideFolder = true });
        using var fs = image.OpenRootFileSystem();
        Assert.NotNull(fs.GetEntry("/sub/g"));
    }
}
