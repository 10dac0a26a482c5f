using System.Security.Cryptography;
using ImageGate.DiskImages.Tests.Support;
using ImageGate.Testing;

namespace ImageGate.DiskImages.Tests.FileSystems.Ext;

/// <summary>Every fixture image read by ImageGate equals 7-Zip's reading of it: the full listing of that very image
/// (entries, kinds, modes, uid/gid, sizes, symlink targets); the SHA-256 of every regular file against 7-Zip's
/// extraction of the same root (done once per root); and a sample of files extracted by 7-Zip from that very image.</summary>
public sealed class SevenZipDifferentialTests(SevenZipReference reference) : IClassFixture<SevenZipReference>
{
    public static TheoryData<string, int, string> Images => new()
    {
        { "gpt.raw", 1, "root" },
        { "ext4.raw", 0, "root" },
        { "gpt.qcow2", 1, "root" },
        { "gpt-v2.qcow2", 1, "root" },
        { "gpt-compressed.qcow2", 1, "root" },
        { "gpt-sparse.vmdk", 1, "root" },
        { "gpt.vhdx", 1, "root" },
        { "planted-gpt.raw", 1, "planted" },
        { "planted-ext4.raw", 0, "planted" },
        { "planted-gpt.qcow2", 1, "planted" },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void A_fixture_image_reads_the_same_as_with_7zip(string fixture, int partition, string family)
    {
        var path = Fixtures.Path(fixture);
        var expected = SevenZip.List(path);
        foreach (var (k, v) in reference.For(family).Hashes) expected.Hashes[k] = v;

        using var image = DiskImage.Open(path);
        using var fs = image.OpenFileSystem(partition);
        var actual = TreeSnapshot.FromFileSystem(fs);
        TreeSnapshot.AssertSame(expected, actual, fixture);
        AssertSample(path, expected, actual);
    }

    /// <summary>A deterministic sample (the largest files and every 500th) extracted by one 7zz run from this very image.</summary>
    private static void AssertSample(string image, TreeSnapshot expected, TreeSnapshot actual)
    {
        var files = expected.Entries.Where(e => e.Value.Kind == "file").OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var sample = files.OrderByDescending(e => e.Value.Size).Take(4).Concat(files.Where((_, i) => i % 500 == 0)).Select(e => e.Key).Distinct().ToList();
        using var temp = new TempDirectory("ig-7zs");
        var r = ExternalProcess.Run("7zz", ["x", "-y", "-o" + temp.Path, image, .. sample], timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0, $"7zz x of the sample failed: {r.StandardError}");
        foreach (var rel in sample)
            Assert.True(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(temp.Path, rel)))) == actual.Hashes[rel],
                $"{image}: {rel} differs from 7zz's extraction");
    }

    [Fact]
    public void The_qcow2_overlay_reads_like_7zip_reads_the_disk_it_was_made_from()
    {
        // 7zz cannot follow qcow2 backing files: the overlay was converted from planted-gpt.raw, so that is the reference
        var expected = SevenZip.List(Fixtures.Path("planted-gpt.raw"));
        foreach (var (k, v) in reference.For("planted").Hashes) expected.Hashes[k] = v;
        using var image = DiskImage.Open(Fixtures.Path("planted-overlay.qcow2"));
        Assert.Equal("qcow2", image.Format);
        using var fs = image.OpenFileSystem(1);
        TreeSnapshot.AssertSame(expected, TreeSnapshot.FromFileSystem(fs), "planted-overlay.qcow2");
    }

    [Fact]
    public void The_primary_partition_of_the_MBR_disk_reads_like_the_same_root_on_GPT()
    {
        // 7zz does not descend into a disk with several partitions; partition 1 holds the same root as gpt.raw
        var expected = SevenZip.List(Fixtures.Path("gpt.raw"));
        foreach (var (k, v) in reference.For("root").Hashes) expected.Hashes[k] = v;
        using var image = DiskImage.Open(Fixtures.Path("mbr.raw"));
        using var fs = image.OpenFileSystem(1);
        TreeSnapshot.AssertSame(expected, TreeSnapshot.FromFileSystem(fs), "mbr.raw partition 1");
    }

    [Fact]
    public void The_logical_partition_of_the_MBR_disk_reads_the_same_as_with_7zip()
    {
        var path = Fixtures.Path("mbr.raw");
        using var temp = new TempDirectory("ig-7z");
        var part = temp.Combine("part5.img");
        SevenZip.ExtractTo(path, "1.img", part);
        var expected = SevenZip.List(part);
        var extracted = SevenZip.ExtractHashes(part, temp.Combine("x"));
        foreach (var (k, f) in expected.Entries)
            if (f.Kind == "file") expected.Hashes[k] = extracted.Hashes[k];
        using var image = DiskImage.Open(path);
        using var fs = image.OpenFileSystem(5);
        TreeSnapshot.AssertSame(expected, TreeSnapshot.FromFileSystem(fs), "mbr.raw partition 5");
    }
}
