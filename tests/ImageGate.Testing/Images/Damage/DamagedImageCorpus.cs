using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace ImageGate.Testing.Images.Damage;

/// <summary>The corpus of damaged and hostile images: each entry copies a healthy base (see <see cref="DamageBases"/>)
/// into its own folder and damages it; <c>file</c> is the damaged image's path. Structures are located with the real
/// tools (debugfs) and the images' own bytes, never with the reader under test.</summary>
public static class DamagedImageCorpus
{
    private const long Fs = 1024 * 1024; // the ext4 partition of gpt.raw starts at 1 MiB

    /// <summary>Every case.</summary>
    public static IReadOnlyList<DamagedImageCase> All { get; } =
    [
        // ---- qcow2 ----
        new("qcow2-truncated-header", "gpt.qcow2", (f, _) => Patch.Truncate(f, 50)),
        new("qcow2-truncated-half", "gpt.qcow2", (f, _) => Patch.Truncate(f, Patch.Length(f) / 2)),
        new("qcow2-wrong-magic", "gpt.qcow2", (f, _) => Patch.Write(f, 0, "QFIX"u8)),
        new("qcow2-version-9", "gpt.qcow2", (f, _) => Patch.Be32(f, 4, 9)),
        new("qcow2-cluster-bits-40", "gpt.qcow2", (f, _) => Patch.Be32(f, 20, 40)),
        new("qcow2-impossible-size", "gpt.qcow2", (f, _) => Patch.Be64(f, 24, 1UL << 62)),
        new("qcow2-l1-too-small", "gpt.qcow2", (f, _) => Patch.Be32(f, 36, 0)),
        new("qcow2-l1-huge-allocation", "gpt.qcow2", (f, _) => { Patch.Be64(f, 24, 1UL << 45); Patch.Be32(f, 36, 0x7FFFFFFF); }),
        new("qcow2-l1-offset-past-end", "gpt.qcow2", (f, _) => Patch.Be64(f, 40, 1UL << 40)),
        new("qcow2-encrypted", "gpt.qcow2", (f, _) => Patch.Be32(f, 32, 1)),
        new("qcow2-external-data-file", "gpt.qcow2", (f, _) => Patch.Be64(f, 72, Patch.RBe64(f, 72) | 4)),
        new("qcow2-unknown-incompatible-feature", "gpt.qcow2", (f, _) => Patch.Be64(f, 72, Patch.RBe64(f, 72) | 1UL << 40)),
        new("qcow2-marked-corrupt", "gpt.qcow2", (f, _) => Patch.Be64(f, 72, Patch.RBe64(f, 72) | 2)),
        new("qcow2-l1-entry-past-end", "gpt.qcow2", (f, _) => Patch.Be64(f, (long)Patch.RBe64(f, 40), 1UL << 40)),
        new("qcow2-l2-entry-past-end", "gpt.qcow2", (f, _) => Patch.Be64(f, L2(f), 0x8000_0000_0000_0000UL | 1UL << 40)),
        new("qcow2-l2-entry-unaligned", "gpt.qcow2", (f, _) => Patch.Be64(f, L2(f), Patch.RBe64(f, L2(f)) + 512)),
        new("qcow2-l2-table-is-the-l1-table", "gpt.qcow2", (f, _) => Patch.Be64(f, (long)Patch.RBe64(f, 40), 0x8000_0000_0000_0000UL | Patch.RBe64(f, 40))),
        new("qcow2-backing-etc-shadow", "gpt.qcow2", (f, _) => Backing(f, "/etc/shadow")),
        new("qcow2-backing-relative-escape", "gpt.qcow2", (f, _) => Backing(f, "../../../../../../../../etc/shadow")),
        new("qcow2-backing-symlink-to-shadow", "gpt.qcow2", (f, _) =>
        {
            File.CreateSymbolicLink(Path.Combine(Path.GetDirectoryName(f)!, "innocent.qcow2"), "/etc/shadow");
            Backing(f, "innocent.qcow2");
        }),
        new("qcow2-backing-self-cycle", "gpt.qcow2", (f, _) => Backing(f, Path.GetFileName(f))),
        new("qcow2-backing-two-file-cycle", "gpt.qcow2", (f, _) =>
        {
            var other = Path.Combine(Path.GetDirectoryName(f)!, "other.qcow2");
            File.Copy(f, other);
            Backing(f, "other.qcow2");
            Backing(other, Path.GetFileName(f));
        }),
        new("qcow2-backing-missing", "gpt.qcow2", (f, _) => Backing(f, "nowhere.qcow2")),
        new("qcow2-backing-name-too-long", "gpt.qcow2", (f, _) => { Backing(f, "x.qcow2"); Patch.Be32(f, 16, 5000); }),
        new("qcow2-compressed-cluster-garbage", "gpt-c.qcow2", (f, _) =>
        {
            var (host, _) = FirstCompressed(f);
            Patch.Write(f, host, Enumerable.Repeat((byte)0xFF, 64).ToArray());
        }),
        // ---- VMDK ----
        new("vmdk-truncated-header", "gpt.vmdk", (f, _) => Patch.Truncate(f, 300)),
        new("vmdk-grain-size-3", "gpt.vmdk", (f, _) => Patch.Le64(f, 20, 3)),
        new("vmdk-capacity-impossible", "gpt.vmdk", (f, _) => Patch.Le64(f, 12, 1UL << 60)),
        new("vmdk-grain-directory-past-end", "gpt.vmdk", (f, _) => Patch.Le64(f, 56, 1UL << 40)),
        new("vmdk-grain-table-size-zero", "gpt.vmdk", (f, _) => Patch.Le32(f, 44, 0)),
        new("vmdk-grain-past-end", "gpt.vmdk", (f, _) =>
        {
            var gt = (long)Patch.RLe32(f, (long)Patch.RLe64(f, 56) * 512) * 512;
            Patch.Le32(f, gt, 0x7FFFFFF0);
        }),
        new("vmdk-stream-footer-missing", "gpt-stream.vmdk", (f, _) =>
        {
            // the header defers to the footer (as VMware writes streams), and the footer is cut off
            Patch.Le64(f, 56, ulong.MaxValue);
            Patch.Truncate(f, Patch.Length(f) - 1536);
        }),
        new("vmdk-stream-grain-garbage", "gpt-stream.vmdk", (f, _) =>
            Patch.Write(f, (long)Patch.RLe64(f, 64) * 512 + 12, Enumerable.Repeat((byte)0x5A, 200).ToArray())),
        new("vmdk-descriptor-extent-etc-shadow", "gpt.raw", (f, _) => Descriptor(f, "RW 32768 FLAT \"/etc/shadow\" 0", "ffffffff")),
        new("vmdk-descriptor-extent-escapes-folder", "gpt.raw", (f, _) => Descriptor(f, "RW 32768 FLAT \"../../../../../../etc/hostname\" 0", "ffffffff")),
        new("vmdk-descriptor-delta-disk", "gpt.raw", (f, _) => Descriptor(f, "RW 32768 FLAT \"flat.bin\" 0", "12345678")),
        new("vmdk-descriptor-extent-longer-than-file", "gpt.raw", (f, _) => Descriptor(f, "RW 99999999 FLAT \"flat.bin\" 0", "ffffffff")),
        // ---- VHDX ----
        new("vhdx-dirty-log", "gpt.vhdx", (f, _) => { foreach (var at in new long[] { 65536, 131072 }) { Patch.Write(f, at + 48, Guid.NewGuid().ToByteArray()); VhdxHeaderCrc(f, at); } }),
        new("vhdx-both-headers-damaged", "gpt.vhdx", (f, _) => { Patch.Flip(f, 65536 + 100); Patch.Flip(f, 131072 + 100); }),
        new("vhdx-both-region-tables-damaged", "gpt.vhdx", (f, _) => { Patch.Flip(f, 196608 + 20); Patch.Flip(f, 262144 + 20); }),
        new("vhdx-truncated", "gpt.vhdx", (f, _) => Patch.Truncate(f, 512 * 1024)),
        new("vhdx-block-size-invalid", "gpt.vhdx", (f, _) => Patch.Le32(f, VhdxMetadataItem(f, new Guid("CAA16737-FA36-4D43-B3B6-33F0AA44E76B")), 3)),
        new("vhdx-virtual-size-impossible", "gpt.vhdx", (f, _) => Patch.Le64(f, VhdxMetadataItem(f, new Guid("2FA54224-CD1B-4876-B211-5DBED83BF4B8")), 1UL << 62)),
        new("vhdx-block-past-end", "gpt.vhdx", (f, _) => Patch.Le64(f, VhdxBat(f), (0xFFFFFUL << 20) | 6)),
        // ---- VHD ----
        new("vhd-dynamic-header-damaged", "gpt.vhd", (f, _) => Patch.Write(f, (long)Patch.RBe64(f, 16), "xxxxxxxx"u8)),
        new("vhd-bat-past-end", "gpt.vhd", (f, _) => Patch.Be64(f, (long)Patch.RBe64(f, 16) + 16, 1UL << 40)),
        new("vhd-differencing", "gpt.vhd", (f, _) => Patch.Be32(f, 60, 4)),
        // ---- GPT ----
        new("gpt-primary-and-backup-damaged", "gpt.raw", (f, _) => { Patch.Flip(f, 512 + 60); Patch.Flip(f, Patch.Length(f) - 512 + 60); }),
        new("gpt-partition-outside-disk", "gpt.raw", (f, _) =>
        {
            Patch.Le64(f, 1024 + 40, 1UL << 40);
            GptCrcs(f, 512);
            Patch.Flip(f, Patch.Length(f) - 512 + 60);
        }),
        new("gpt-entry-count-impossible", "gpt.raw", (f, _) =>
        {
            Patch.Le32(f, 512 + 80, 0x10000000);
            var h = Patch.Read(f, 512, 92);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), 0);
            Patch.Le32(f, 512 + 16, Crc32Ieee(h));
            Patch.Flip(f, Patch.Length(f) - 512 + 60);
        }),
        new("disk-truncated-mid-partition", "gpt.raw", (f, _) => Patch.Truncate(f, 5 * 1024 * 1024)),
        // ---- MBR ----
        new("mbr-extended-chain-loop", "mbr.raw", (f, _) =>
        {
            var ext = 10240L * 512;
            var rel = Patch.RLe32(f, ext + 462 + 8);
            var second = ext + rel * 512L;
            Patch.Write(f, second + 462 + 4, [0x05]);
            Patch.Le32(f, second + 462 + 8, rel);
            Patch.Le32(f, second + 462 + 12, 100);
        }),
        new("mbr-logical-outside-extended", "mbr.raw", (f, _) => Patch.Le32(f, 10240L * 512 + 446 + 12, 0x7FFFFFFF)),
        new("mbr-primary-outside-disk", "mbr.raw", (f, _) => Patch.Le32(f, 446 + 12, 0x7FFFFFFF)),
        // ---- ext4 ----
        new("ext-block-count-impossible", "gpt.raw", (f, _) => Patch.Le32(f, Fs + 1024 + 4, 0x7FFFFFFF)),
        new("ext-block-size-impossible", "gpt.raw", (f, _) => Patch.Le32(f, Fs + 1024 + 24, 20)),
        new("ext-inode-size-invalid", "gpt.raw", (f, _) => Patch.Le16(f, Fs + 1024 + 88, 100)),
        new("ext-inodes-per-group-zero", "gpt.raw", (f, _) => Patch.Le32(f, Fs + 1024 + 40, 0)),
        new("ext-unknown-incompatible-feature", "gpt.raw", (f, _) => Patch.Le32(f, Fs + 1024 + 96, Patch.RLe32(f, Fs + 1024 + 96) | 0x80000000)),
        new("ext-inode-table-outside", "gpt.raw", (f, _) => Patch.Le32(f, Fs + 4096 + 8, 0x7FFFFFF0)),
        new("ext-extent-loop", "gpt.raw", (f, b) =>
        {
            var leaf = ExtentLeaf(b, "/frag.bin");
            Patch.Le16(f, Fs + leaf * 4096 + 6, 1);           // the leaf claims to be an index node …
            Patch.Le32(f, Fs + leaf * 4096 + 12 + 4, (uint)leaf); // … whose first child is itself
            Patch.Le16(f, Fs + leaf * 4096 + 12 + 8, 0);
        }),
        new("ext-extent-outside-file-system", "gpt.raw", (f, b) => Patch.Le32(f, Fs + ExtentLeaf(b, "/frag.bin") * 4096 + 12 + 8, 0xFFFFFFF0)),
        new("ext-directory-record-length-zero", "gpt.raw", (f, b) => Patch.Le16(f, Fs + DirBlock(b, "/") * 4096 + 4, 0)),
        new("ext-directory-record-past-block", "gpt.raw", (f, b) => Patch.Le16(f, Fs + DirBlock(b, "/") * 4096 + 4, 8192)),
        new("ext-directory-loop", "gpt.raw", (f, b) =>
        {
            // /sub/f becomes a directory entry pointing back at the root directory
            var at = Fs + DirBlock(b, "/sub") * 4096 + DirEntryOffset(b, "/sub", "f");
            Patch.Le32(f, at, 2);
            Patch.Write(f, at + 7, [2]);
        }),
        new("ext-inode-unknown-type", "gpt.raw", (f, b) => Patch.Le16(f, Fs + InodeAt(b, "/sub/g"), 0xF1A4)),
        new("ext-symlink-impossible-length", "gpt.raw", (f, b) => Patch.Le32(f, Fs + InodeAt(b, "/loop-a") + 4, 1 << 20)),
        new("ext-file-claims-terabytes", "gpt.raw", (f, b) => Patch.Le32(f, Fs + InodeAt(b, "/data.bin") + 108, 300)),
        new("ext-directory-names-inode-out-of-range", "gpt.raw", (f, b) =>
            Patch.Le32(f, Fs + DirBlock(b, "/sub") * 4096 + DirEntryOffset(b, "/sub", "g"), 0x7FFFFFFF)),
    ];

    // ---- locating structures in the healthy base ----

    private static long L2(string f)
    {
        var l1 = (long)Patch.RBe64(f, 40);
        return (long)(Patch.RBe64(f, l1) & 0x00FF_FFFF_FFFF_FE00UL);
    }

    private static (long Host, ulong Entry) FirstCompressed(string f)
    {
        var bits = (int)Patch.RBe32(f, 20);
        var l2 = L2(f);
        for (var i = 0; i < (1 << bits) / 8; i++)
        {
            var e = Patch.RBe64(f, l2 + i * 8);
            if ((e & (1UL << 62)) != 0)
            {
                var x = 62 - (bits - 8);
                return ((long)(e & ((1UL << x) - 1)), e);
            }
        }
        throw new InvalidOperationException("no compressed cluster in the base");
    }

    private static void Backing(string f, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        Patch.Write(f, 4096, bytes);
        Patch.Be64(f, 8, 4096);
        Patch.Be32(f, 16, (uint)bytes.Length);
    }

    private static void Descriptor(string f, string extent, string parentCid)
    {
        var dir = Path.GetDirectoryName(f)!;
        File.Move(f, Path.Combine(dir, "flat.bin"));
        File.WriteAllText(f, $"# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID={parentCid}\ncreateType=\"monolithicFlat\"\n\n{extent}\n");
    }

    private static void VhdxHeaderCrc(string f, long at)
    {
        var h = Patch.Read(f, at, 4096);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), 0);
        Patch.Le32(f, at + 4, Crc32C(h));
    }

    private static long VhdxRegion(string f, Guid id)
    {
        var count = Patch.RLe32(f, 196608 + 8);
        for (var i = 0; i < count; i++)
        {
            var e = 196608 + 16 + i * 32L;
            if (new Guid(Patch.Read(f, e, 16)) == id) return (long)Patch.RLe64(f, e + 16);
        }
        throw new InvalidOperationException($"no VHDX region {id}");
    }

    private static long VhdxMetadataItem(string f, Guid id)
    {
        var meta = VhdxRegion(f, new Guid("8B7CA206-4790-4B9A-B8FE-575F050F886E"));
        var count = Patch.RLe16(f, meta + 10);
        for (var i = 0; i < count; i++)
        {
            var e = meta + 32 + i * 32L;
            if (new Guid(Patch.Read(f, e, 16)) == id) return meta + Patch.RLe32(f, e + 16);
        }
        throw new InvalidOperationException($"no VHDX metadata item {id}");
    }

    private static long VhdxBat(string f)
    {
        var bat = VhdxRegion(f, new Guid("2DC27766-F623-4200-9D64-115E9BFD4A08"));
        for (var i = 0; i < 4096; i++)
            if ((Patch.RLe64(f, bat + i * 8L) & 7) == 6) return bat + i * 8L;
        throw new InvalidOperationException("no present VHDX block");
    }

    private static void GptCrcs(string f, long header)
    {
        var entriesLba = (long)Patch.RLe64(f, header + 72);
        var count = Patch.RLe32(f, header + 80);
        var size = Patch.RLe32(f, header + 84);
        Patch.Le32(f, header + 88, Crc32Ieee(Patch.Read(f, entriesLba * 512, (int)(count * size))));
        var h = Patch.Read(f, header, 92);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), 0);
        Patch.Le32(f, header + 16, Crc32Ieee(h));
    }

    // ---- the ext4 base, as debugfs and the image's bytes show it (the partition starts at Fs in gpt.raw) ----

    private static string Debugfs(DamageBases b, string request)
    {
        var r = ExternalProcess.Run("debugfs", ["-R", request, b["gpt.raw"] + "?offset=" + Fs.ToString(CultureInfo.InvariantCulture)]);
        Assert.True(r.ExitCode == 0, $"debugfs -R '{request}' failed: {r.StandardError}");
        return r.StandardOutput;
    }

    /// <summary>The byte offset of a path's inode in the file system (debugfs imap).</summary>
    private static long InodeAt(DamageBases b, string path)
    {
        var text = Debugfs(b, "imap " + path);
        var m = Regex.Match(text, @"located at block (\d+), offset 0x([0-9a-fA-F]+)");
        if (!m.Success) throw new InvalidOperationException($"debugfs imap {path}: {text}");
        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 4096 + long.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    /// <summary>The physical block of a directory's first block (debugfs bmap).</summary>
    private static long DirBlock(DamageBases b, string path)
    {
        var text = Debugfs(b, $"bmap {path} 0").Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var block) && block > 0
            ? block : throw new InvalidOperationException($"debugfs bmap {path} 0: {text}");
    }

    /// <summary>The leaf block an inode's one-level extent index points to (from the inode's bytes).</summary>
    private static long ExtentLeaf(DamageBases b, string path)
    {
        var extents = Patch.Read(b["gpt.raw"], Fs + InodeAt(b, path) + 40, 60); // i_block
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(extents.AsSpan(6))); // depth 1: an index node in the inode
        return BinaryPrimitives.ReadUInt32LittleEndian(extents.AsSpan(12 + 4));
    }

    private static int DirEntryOffset(DamageBases b, string dir, string name)
    {
        var block = Patch.Read(b["gpt.raw"], Fs + DirBlock(b, dir) * 4096, 4096);
        for (var p = 0; p < block.Length;)
        {
            var len = block[p + 6];
            if (Encoding.UTF8.GetString(block, p + 8, len) == name) return p;
            p += BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(p + 4));
        }
        throw new InvalidOperationException($"no entry {name} in {dir}");
    }

    // ---- checksums the damage keeps valid (written here from the specifications, not taken from the reader) ----

    /// <summary>CRC-32 (IEEE 802.3, reflected), as GPT uses.</summary>
    private static uint Crc32Ieee(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var d in data)
        {
            c ^= d;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }

    /// <summary>CRC-32C (Castagnoli), as VHDX uses.</summary>
    private static uint Crc32C(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var d in data) c = System.Numerics.BitOperations.Crc32C(c, d);
        return ~c;
    }
}
