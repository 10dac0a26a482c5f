using ImageGate.Core.Errors;
using ImageGate.DiskImages.Containers;
using ImageGate.DiskImages.FileSystems.Xfs;

namespace ImageGate.DiskImages.Tests.FileSystems.Xfs;

public sealed class XfsMutationTests
{
    /// <summary>Flips random bytes (fixed seed) in the metadata an XFS reader touches first: the superblock, the AG
    /// headers, the root and first inodes, directory blocks. Each mutant either reads or is bad input, quickly.</summary>
    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    public void Random_byte_flips_in_metadata_end_in_success_or_bad_input(bool v5, int seed)
    {
        var image = v5 ? XfsTestImages.SmallBlocks.Image : XfsTestImages.V4.Image;
        using var clean = XfsFileSystem.Open(new ImageFile(image), "clean");
        var sb = clean.Superblock;
        var regions = new List<(long Offset, int Length)>
        {
            (0, sb.SectorSize),
            (sb.SectorSize, sb.SectorSize * 3),
            (((long)sb.AgBlocks << sb.BlockLog), sb.SectorSize * 4),
            (XfsDamage.InodeOffset(clean, (long)sb.RootInode), sb.InodeSize * 8),
        };
        foreach (var dir in new[] { "/kinds", "/block", "/leaf" }.Where(d => clean.ReadInode((ulong)clean.GetEntry(d)!.NodeId).Format != XfsForkFormat.Local))
            foreach (var e in XfsDamage.Extents(clean, dir).Take(2))
                regions.Add((XfsDamage.BlockOffset(clean, e.StartBlock), sb.BlockSize));
        var rng = new Random(seed);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 40; i++)
        {
            var source = new PatchedSource(new ImageFile(image));
            var flips = rng.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                var (offset, length) = regions[rng.Next(regions.Count)];
                source.Patch(offset + rng.Next(length), [(byte)rng.Next(256)]);
            }
            string outcome;
            try
            {
                XfsDamage.Exercise(source, TimeSpan.FromSeconds(10));
                outcome = "read";
            }
            catch (BadInputException)
            {
                outcome = "bad input";
            }
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        Assert.True(outcomes.GetValueOrDefault("bad input") > 0, "no mutant was detected: the test would not notice a reader that ignores damage");
    }
}
