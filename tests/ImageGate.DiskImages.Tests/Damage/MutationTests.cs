using ImageGate.Core.Errors;
using ImageGate.DiskImages.Tests.Support;
using ImageGate.Testing;
using ImageGate.Testing.Images.Damage;

namespace ImageGate.DiskImages.Tests.Damage;

/// <summary>Seeded random byte flips in headers and metadata (container headers and tables, GPT, ext superblock,
/// group descriptors, inode table, directory blocks): every mutant is either read completely or ends in a
/// BadInputException, within a deadline. Never another exception type, never a hang.</summary>
public sealed class MutationTests(DamageBases bases) : IClassFixture<DamageBases>
{
    private const long Fs = 1024 * 1024;

    public static TheoryData<string, int> Mutants()
    {
        var data = new TheoryData<string, int>();
        foreach (var b in new[] { "gpt.raw", "gpt.qcow2", "gpt-c.qcow2", "gpt.vmdk", "gpt-stream.vmdk", "gpt.vhdx", "gpt.vhd", "mbr.raw" })
            for (var i = 0; i < (Environment.GetEnvironmentVariable("IG_MUTANTS") is { } m ? int.Parse(m) : 16); i++) data.Add(b, i);
        return data;
    }

    /// <summary>Metadata regions of a base: (offset, length) pairs worth flipping bytes in.</summary>
    private List<(long At, int Length)> Regions(string baseName, string file)
    {
        var r = new List<(long, int)> { (0, 512) };
        switch (baseName)
        {
            case "gpt.raw":
                r.AddRange([(512, 92), (1024, 256), (Fs + 1024, 256), (Fs + 4096, 128), (Fs + 4096 * 2, 4096 * 8)]);
                using (var image = DiskImage.Open(file))
                using (var fs = (ImageGate.DiskImages.FileSystems.Ext.ExtFileSystem)image.OpenFileSystem(1))
                {
                    foreach (var path in new[] { "/", "/sub", "/frag.bin", "/loop-a" })
                    {
                        var ino = (uint)fs.GetEntry(path)!.NodeId;
                        r.Add((Fs + fs.InodeOffset(ino), 256));
                        if (path is "/" or "/sub") r.Add((Fs + fs.MapBlocks(fs.ReadInode(ino))[0].Physical * 4096, 256));
                    }
                }
                break;
            case "gpt.qcow2" or "gpt-c.qcow2":
                var l1 = (long)Patch.RBe64(file, 40);
                var l2 = (long)(Patch.RBe64(file, l1) & 0x00FF_FFFF_FFFF_FE00UL);
                r.AddRange([(0, 112), (l1, 64), (l2, 2048)]);
                break;
            case "gpt.vmdk":
                var gd = (long)Patch.RLe64(file, 56) * 512;
                r.AddRange([(gd, 64), ((long)Patch.RLe32(file, gd) * 512, 2048)]);
                break;
            case "gpt-stream.vmdk":
                r.AddRange([((long)Patch.RLe64(file, 64) * 512, 600), (Patch.Length(file) - 1024, 512)]);
                break;
            case "gpt.vhdx":
                r.AddRange([(65536, 128), (196608, 128), (262144 + 16, 64)]);
                break;
            case "gpt.vhd":
                r.AddRange([(512, 1024), (Patch.Length(file) - 512, 512)]);
                break;
            case "mbr.raw":
                r.AddRange([(446, 66), (10240L * 512 + 446, 66)]);
                break;
        }
        return r;
    }

    [Theory]
    [MemberData(nameof(Mutants))]
    public void A_mutated_image_reads_fully_or_is_bad_input(string baseName, int seed)
    {
        using var temp = new TempDirectory("ig-mut");
        var file = temp.Combine("mutant-" + baseName);
        File.Copy(bases[baseName], file);
        var regions = Regions(baseName, file);
        var random = new Random(1000 * seed + baseName.Length * 31 + baseName[4]);
        var flips = new List<string>();
        for (var i = 0; i < 1 + random.Next(6); i++)
        {
            var (at, len) = regions[random.Next(regions.Count)];
            var offset = at + random.Next(len);
            var value = (byte)random.Next(256);
            flips.Add($"{offset}={value}");
            Patch.Write(file, offset, [value]);
        }
        var what = $"{baseName} seed {seed} ({string.Join(", ", flips)})";
        var ex = Reader.Within(TimeSpan.FromSeconds(20), () => Reader.ReadEverything(file), what);
        if (ex is not null && ex is not BadInputException)
            Assert.Fail($"{what}: ended in {ex.GetType().Name}: {ex}");
    }
}
