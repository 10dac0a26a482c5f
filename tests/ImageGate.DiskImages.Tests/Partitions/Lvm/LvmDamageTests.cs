using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using ImageGate.Core.Errors;
using ImageGate.DiskImages.Containers;
using ImageGate.DiskImages.FileSystems.Xfs;
using ImageGate.DiskImages.Partitions.Lvm;
using ImageGate.DiskImages.Tests.FileSystems.Xfs;
using ImageGate.Testing.Images;

namespace ImageGate.DiskImages.Tests.Partitions.Lvm;

public sealed partial class LvmDamageTests
{
    private static readonly Dictionary<string, (Func<VirtualDisk[]> Make, string Expect)> Cases = new()
    {
        ["label-checksum"] = (() => [Pv1().Edit(LabelSector(Pv1()) * 512L + 100, 1, b => b[0] ^= 1), Pv2()], "checksum"),
        ["label-missing"] = (() => [Pv1().Patch(LabelSector(Pv1()) * 512L, "LABELTWO"u8), Pv2()], "no LVM2 physical volume label"),
        ["label-sector-number-wrong"] = (() => [EditLabel(Pv1(), b => b[8] = 3), Pv2()], "records sector"),
        ["metadata-header-magic"] = (() => [EditHeader(Pv1(), h => h[5] = (byte)'X'), Pv2()], "magic"),
        ["metadata-header-checksum"] = (() => [Pv1().Edit(Mda(Pv1()).Offset + 30, 1, b => b[0] ^= 1), Pv2()], "checksum"),
        ["metadata-text-checksum"] = (() => [Pv1().Edit(Mda(Pv1()).Offset + TextOffset(Pv1()) + 10, 1, b => b[0] ^= 1), Pv2()], "text checksum"),
        ["metadata-text-beyond-area"] = (() => [EditHeader(Pv1(), h => BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(48), 1UL << 40)), Pv2()], "does not fit"),
        ["metadata-unparseable"] = (() => [WithText(Pv1(), "almalinux {\n id = \"x\"\n seqno = 99\n physical_volumes {"), Pv2()], "cannot be parsed"),
        ["metadata-nested-too-deeply"] = (() => [WithText(Pv1(), string.Concat(Enumerable.Repeat("a {\n", 200)) + string.Concat(Enumerable.Repeat("}\n", 200))), Pv2()], "deeply"),
        ["same-seqno-different-metadata"] = (() => [WithText(Pv1(), Text().Replace("creation_host = \"", "creation_host = \"x", StringComparison.Ordinal)), Pv2()], "differ"),
        ["segment-beyond-physical-volume"] = (() => [Newer(t => RootStripe().Replace(t, m => $"{m.Groups[1].Value}{10_000}")), Pv2()], "beyond"),
        ["segment-gap"] = (() => [Newer(t => t.Replace("start_extent = 0", "start_extent = 1", StringComparison.Ordinal)), Pv2()], "gap"),
        ["extent-size-zero"] = (() => [Newer(t => ExtentSize().Replace(t, "extent_size = 0")), Pv2()], "extent size"),
        ["unknown-physical-volume"] = (() => [Newer(t => t.Replace("\"pv0\",", "\"pv7\",", StringComparison.Ordinal)), Pv2()], "unknown PV"),
        ["physical-volume-bigger-than-device"] = (() => [Newer(t => PeCount().Replace(t, "pe_count = 9000000", 1)), Pv2()], "beyond the end of its device"),
        ["extent-count-overflow"] = (() => [Newer(t => t.Replace("extent_count = 160", "extent_count = 9223372036854775807", StringComparison.Ordinal)), Pv2()], "impossible"),
        ["stripe-list-mismatch"] = (() => [Newer(t => t.Replace("stripe_count = 2", "stripe_count = 3", StringComparison.Ordinal)), Pv2()], "stripes"),
        ["segment-count-mismatch"] = (() => [Newer(t => t.Replace("segment_count = 3", "segment_count = 4", StringComparison.Ordinal)), Pv2()], "segment_count"),
        ["truncated-physical-volume"] = (() => [new PatchedSource(new SliceDisk(new ImageFile(LvmTestImages.Disk.Disk), LvmTestImages.Disk.PvOffset, 600_000)), Pv2()], "does not fit"),
        ["same-physical-volume-twice"] = (() => [Pv1(), Pv1()], "same PV UUID"),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Fact]
    public void There_are_at_least_fifteen_damaged_volume_groups() => Assert.True(Cases.Count >= 15);

    [Theory]
    [MemberData(nameof(Names))]
    public void Damaged_lvm_metadata_is_bad_input(string name)
    {
        var (make, expect) = Cases[name];
        var sources = make();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<BadInputException>(() =>
        {
            var vg = LvmVolumeGroup.Read(sources);
            foreach (var lv in vg.LogicalVolumes.Where(l => l.UnsupportedReason is null))
            {
                var buf = new byte[4096];
                lv.Open().Read(lv.Length - 4096, buf);
            }
        });
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Contains(expect, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(e.Path);
    }

    [Fact]
    public void The_metadata_with_the_highest_seqno_wins()
    {
        var vg = LvmVolumeGroup.Read([Newer(t => t.Replace("extent_count = 160", "extent_count = 150", StringComparison.Ordinal)), Pv2()]);
        Assert.Equal(150 * (4L << 20), vg.LogicalVolumes.Single(l => l.Name == "root").Length);
        var old = LvmVolumeGroup.Read([Pv1(), Pv2()]);
        Assert.Equal(vg.SeqNo - 1, old.SeqNo);
        // The same newer copy on the second PV wins just as well.
        var vg2 = LvmVolumeGroup.Read([Pv1(), NewerOn(Pv2(), t => t.Replace("extent_count = 160", "extent_count = 150", StringComparison.Ordinal))]);
        Assert.Equal(vg.SeqNo, vg2.SeqNo);
        Assert.Equal(150 * (4L << 20), vg2.LogicalVolumes.Single(l => l.Name == "root").Length);
    }

    [Fact]
    public void Metadata_text_that_wraps_around_the_circular_area_is_joined()
    {
        var pv = Pv1();
        var (offset, size) = Mda(pv);
        var text = Encoding.UTF8.GetBytes(SeqNo().Replace(Text(), m => $"seqno = {long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}", 1));
        var start = size - 700; // the first 700 bytes at the end of the area, the rest right after the header
        pv.Patch(offset + start, text.AsSpan(0, 700));
        pv.Patch(offset + 512, text.AsSpan(700));
        EditHeader(pv, h =>
        {
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(40), (ulong)start);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(48), (ulong)text.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(56), LvmCrc.Compute(text));
        });
        var vg = LvmVolumeGroup.Read([pv, Pv2()]);
        Assert.Equal(LvmVolumeGroup.Read([Pv1(), Pv2()]).SeqNo + 1, vg.SeqNo);
        Assert.Equal(6, vg.LogicalVolumes.Count);
    }

    [Fact]
    public void Every_metadata_area_of_a_physical_volume_is_read()
    {
        var label = LvmLabel.Read(Pv2());
        Assert.Equal(2, label.MetadataAreas.Count);
        Assert.Equal(2, LvmMetadataReader.Read(Pv2(), label).Count);
        // Damage in the second copy alone is still damage.
        var last = label.MetadataAreas[1];
        var pv2 = Pv2().Edit(last.Offset + 40, 1, b => b[0] ^= 1);
        Assert.Throws<BadInputException>(() => LvmVolumeGroup.Read([Pv1(), pv2]));
    }

    [Fact]
    public void Thin_volumes_and_pools_are_refused_with_a_clear_message()
    {
        var thin = """
                thinpool {
                    id = "Thin01-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa"
                    status = ["READ", "WRITE", "VISIBLE"]
                    flags = []
                    segment_count = 1
                    segment1 {
                        start_extent = 0
                        extent_count = 2
                        type = "thin-pool"
                        metadata = "x_tmeta"
                        pool = "x_tdata"
                        transaction_id = 1
                        chunk_size = 128
                    }
                }
                thinvol {
                    id = "Thin02-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa"
                    status = ["READ", "WRITE", "VISIBLE"]
                    flags = []
                    segment_count = 1
                    segment1 {
                        start_extent = 0
                        extent_count = 10
                        type = "thin"
                        thin_pool = "thinpool"
                        transaction_id = 1
                        device_id = 1
                    }
                }
        """;
        var vg = LvmVolumeGroup.Read([Newer(t => t.Replace("logical_volumes {", "logical_volumes {\n" + thin, StringComparison.Ordinal)), Pv2()]);
        var e = Assert.Throws<BadInputException>(() => vg.LogicalVolumes.Single(l => l.Name == "thinvol").Open());
        Assert.Contains("thin volume", e.Message);
        Assert.Contains("thin pool", vg.LogicalVolumes.Single(l => l.Name == "thinpool").UnsupportedReason);
        Assert.Null(vg.LogicalVolumes.Single(l => l.Name == "root").UnsupportedReason);
    }

    [Fact]
    public void Random_byte_flips_in_labels_and_metadata_end_in_success_or_bad_input()
    {
        var rng = new Random(3);
        var mda = Mda(Pv1());
        var textStart = mda.Offset + TextOffset(Pv1());
        var textLength = Encoding.UTF8.GetByteCount(Text());
        var detected = 0;
        for (var i = 0; i < 150; i++)
        {
            var pv = Pv1();
            var region = rng.Next(3);
            var offset = region switch
            {
                0 => LabelSector(pv) * 512L + rng.Next(512),
                1 => mda.Offset + rng.Next(512),
                _ => textStart + rng.Next(textLength),
            };
            // Forge the checksums half of the time, so damage reaches the parser and the checks behind it.
            if (rng.Next(2) == 0 && region == 2)
            {
                var text = Encoding.UTF8.GetBytes(Text());
                text[rng.Next(text.Length)] = (byte)rng.Next(32, 127);
                pv = WithText(pv, Encoding.UTF8.GetString(text));
            }
            else
            {
                pv.Patch(offset, [(byte)rng.Next(256)]);
            }
            try
            {
                var vg = LvmVolumeGroup.Read([pv, Pv2()]);
                foreach (var lv in vg.LogicalVolumes.Where(l => l.UnsupportedReason is null))
                    lv.Open().Read(0, new byte[512]);
            }
            catch (BadInputException)
            {
                detected++;
            }
        }
        Assert.True(detected > 50, $"only {detected} of 150 mutants were detected");
    }

    // ---- helpers: the first PV (partition 2 of the EL9 disk) and the second PV file, damaged in memory ----

    private static PatchedSource Pv1()
    {
        var d = LvmTestImages.Disk;
        return new PatchedSource(new SliceDisk(new ImageFile(d.Disk), d.PvOffset, d.PvSize));
    }

    private static PatchedSource Pv2() => new(new ImageFile(LvmTestImages.Disk.SecondPv));

    private static int LabelSector(VirtualDisk pv) => LvmLabel.FindLabelSector(pv);

    private static (long Offset, long Size) Mda(VirtualDisk pv) => LvmLabel.Read(pv).MetadataAreas[0];

    private static long TextOffset(PatchedSource pv) => (long)BinaryPrimitives.ReadUInt64LittleEndian(pv.Read(Mda(pv).Offset + 40, 8));

    private static string Text() => LvmMetadataReader.Read(Pv1(), LvmLabel.Read(Pv1()))[0].Text;

    private static PatchedSource EditLabel(PatchedSource pv, Action<byte[]> edit)
    {
        var at = LabelSector(pv) * 512L;
        return pv.Edit(at, 512, b =>
        {
            edit(b);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), LvmCrc.Compute(b.AsSpan(20)));
        });
    }

    private static PatchedSource EditHeader(PatchedSource pv, Action<byte[]> edit) =>
        pv.Edit(Mda(pv).Offset, 512, h =>
        {
            edit(h);
            BinaryPrimitives.WriteUInt32LittleEndian(h, LvmCrc.Compute(h.AsSpan(4)));
        });

    /// <summary>Writes <paramref name="text"/> as the current metadata (checksums forged), right after the header.</summary>
    private static PatchedSource WithText(PatchedSource pv, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var (offset, _) = Mda(pv);
        pv.Patch(offset + 512, bytes);
        return EditHeader(pv, h =>
        {
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(40), 512);
            BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(48), (ulong)bytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(56), LvmCrc.Compute(bytes));
        });
    }

    /// <summary>The first PV carrying an edited copy of the metadata with the next seqno (so it wins).</summary>
    private static PatchedSource Newer(Func<string, string> edit) => NewerOn(Pv1(), edit);

    private static PatchedSource NewerOn(PatchedSource pv, Func<string, string> edit)
    {
        var text = Text();
        var edited = edit(SeqNo().Replace(text, m => $"seqno = {long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}", 1));
        Assert.NotEqual(text, edited);
        return WithText(pv, edited);
    }

    [GeneratedRegex(@"seqno = (\d+)")]
    private static partial Regex SeqNo();

    [GeneratedRegex(@"extent_size = \d+")]
    private static partial Regex ExtentSize();

    [GeneratedRegex(@"pe_count = \d+")]
    private static partial Regex PeCount();

    [GeneratedRegex(@"(stripes = \[\s*""pv0"", )\d+")]
    private static partial Regex RootStripe();
}
