using System.Buffers.Binary;
using ImageGate.Core.Errors;
using ImageGate.DiskImages.Containers;
using ImageGate.DiskImages.FileSystems.Xfs;

namespace ImageGate.DiskImages.Tests.FileSystems.Xfs;

public sealed class XfsDamageTests
{
    private static readonly Dictionary<string, (Func<PatchedSource> Make, string Expect)> Cases = new()
    {
        ["truncated"] = (() => new PatchedSource(V4(), V4().Length / 2), "truncated"),
        ["truncated-below-superblock"] = (() => new PatchedSource(V4(), 300), "too small"),
        ["bad-superblock-magic"] = (() => new PatchedSource(V4()).Patch(0, "XFSC"u8), "magic"),
        ["ag-count-plus-one"] = (() => new PatchedSource(V4()).Edit(0, 512, b => Add32(b, 88, 1)), "allocation groups"),
        ["ag-count-zero-v5-restamped"] = (() => new PatchedSource(V5()).Edit(0, 512, b => BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(88), 0), 224), "allocation group count"),
        ["ag-count-v5-checksum"] = (() => new PatchedSource(V5()).Edit(0, 512, b => Add32(b, 88, 1)), "checksum"),
        ["block-size-mismatch"] = (() => new PatchedSource(V4()).Patch(120, [13]), "block size"),
        ["directory-block-size-impossible"] = (() => new PatchedSource(V4()).Patch(192, [10]), "directory block"),
        ["realtime-device"] = (() => new PatchedSource(V4()).Edit(0, 512, b => BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(16), 100)), "realtime"),
        ["mkfs-in-progress"] = (() => new PatchedSource(V4()).Patch(126, [1]), "never completed"),
        ["agf-magic-in-ag-1"] = (() => { var fs = V4Fs(); return new PatchedSource(V4()).Patch(((long)fs.Superblock.AgBlocks << fs.Superblock.BlockLog) + fs.Superblock.SectorSize, "XAGX"u8); }, "AGF magic"),
        ["root-inode-out-of-range"] = (() => new PatchedSource(V4()).Edit(0, 512, b => BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(56), 1UL << 40)), "outside"),
        ["root-inode-bad-magic"] = (() => new PatchedSource(V4()).Patch(XfsDamage.InodeOffset(V4Fs(), "/"), "XX"u8), "inode magic"),
        ["inode-checksum"] = (() => { var o = XfsDamage.InodeOffset(V5Fs(), "/"); return new PatchedSource(V5()).Edit(o + 32, 1, b => b[0] ^= 0x40); }, "checksum"),
        ["directory-loop"] = (() => RootEntryInode(V4Fs(), V4(), "block", V4Fs().Superblock.RootInode), "loop"),
        ["directory-loop-v5-restamped"] = (() => RootEntryInode(V5Fs(), V5(), "block", V5Fs().Superblock.RootInode, crc: true), "loop"),
        ["entry-points-at-unused-inode"] = (() => { var fs = V4Fs(); var sb = fs.Superblock; return RootEntryInode(fs, V4(), "kinds", (ulong)(sb.AgBlocks - 3) << sb.InodesPerBlockLog); }, "inode"),
        ["duplicate-names"] = (() => { var fs = V4Fs(); var o = XfsDamage.InodeOffset(fs, "/") + fs.Superblock.InodeCoreSize; return new PatchedSource(V4()).Edit(o, fs.Superblock.InodeSize - fs.Superblock.InodeCoreSize, f => { var i = f.AsSpan().IndexOf("leaf"u8); "node"u8.CopyTo(f.AsSpan(i)); }); }, "twice"),
        ["shortform-count-too-big"] = (() => { var fs = V4Fs(); return new PatchedSource(V4()).Patch(XfsDamage.InodeOffset(fs, "/") + fs.Superblock.InodeCoreSize, [200]); }, "shortform"),
        ["fork-offset-beyond-inode"] = (() => new PatchedSource(V4()).Patch(XfsDamage.InodeOffset(V4Fs(), "/") + 82, [255]), "fork offset"),
        ["extent-beyond-file-system"] = (() => ExtentEdit("/kinds/big.bin", e => e with { StartBlock = (ulong)V4Fs().Superblock.AgCount + 5 << V4Fs().Superblock.AgBlockLog }), "outside"),
        ["extent-past-end-of-ag"] = (() => ExtentEdit("/kinds/big.bin", e => e with { BlockCount = V4Fs().Superblock.AgBlocks }), "outside"),
        ["extent-count-beyond-fork"] = (() => new PatchedSource(V4()).Edit(XfsDamage.InodeOffset(V4Fs(), "/kinds/big.bin") + 76, 4, b => BinaryPrimitives.WriteUInt32BigEndian(b, 1000)), "extents"),
        ["symlink-too-long"] = (() => new PatchedSource(V4()).Edit(XfsDamage.InodeOffset(V4Fs(), "/kinds/short-link") + 56, 8, b => BinaryPrimitives.WriteInt64BigEndian(b, 5000)), "symlink"),
        ["directory-blocks-beyond-its-size"] = (() => new PatchedSource(V4()).Edit(XfsDamage.InodeOffset(V4Fs(), "/leaf") + 56, 8, b => BinaryPrimitives.WriteInt64BigEndian(b, 4096)), "beyond its size"),
        ["symlink-with-nul"] = (() => new PatchedSource(V4()).Patch(XfsDamage.InodeOffset(V4Fs(), "/kinds/short-link") + 100 + 2, [0]), "NUL"),
        ["directory-block-bad-magic"] = (() => new PatchedSource(V4()).Patch(XfsDamage.BlockOffset(V4Fs(), XfsDamage.Extents(V4Fs(), "/leaf")[0].StartBlock), "XXXX"u8), "magic"),
        ["directory-entry-name-overflow"] = (() => new PatchedSource(V4()).Patch(XfsDamage.BlockOffset(V4Fs(), XfsDamage.Extents(V4Fs(), "/leaf")[0].StartBlock) + 16 + 8, [250]), "entry"),
        ["directory-free-space-zero-length"] = (() => new PatchedSource(V4()).Patch(XfsDamage.BlockOffset(V4Fs(), XfsDamage.Extents(V4Fs(), "/leaf")[0].StartBlock) + 16, [0xFF, 0xFF, 0, 0]), "length"),
        ["directory-block-checksum"] = (() => new PatchedSource(V5()).Edit(XfsDamage.BlockOffset(V5Fs(), XfsDamage.Extents(V5Fs(), "/leaf")[0].StartBlock) + 200, 1, b => b[0] ^= 1), "checksum"),
        ["btree-block-visited-twice"] = (() => BtreeEdit(b => { var maxRecs = (b.Length - 72) / 16; var ptrs = 72 + maxRecs * 8; b.AsSpan(ptrs, 8).CopyTo(b.AsSpan(ptrs + 8)); }), "twice"),
        ["btree-level-wrong"] = (() => BtreeEdit(b => BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(4), 5)), "level"),
        ["btree-block-checksum"] = (() => { var (src, off, _) = BtreeChild(); return src.Edit(off + 100, 1, b => b[0] ^= 1); }, "checksum"),
        ["remote-symlink-checksum"] = (() => { var fs = MainFs(); var e = XfsDamage.Extents(fs, "/gen/kinds/long-link")[0]; return new PatchedSource(MainImage()).Edit(XfsDamage.BlockOffset(fs, e.StartBlock) + 60, 1, b => b[0] ^= 1); }, "checksum"),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Fact]
    public void There_are_at_least_twenty_damaged_variants() => Assert.True(Cases.Count >= 20);

    [Theory]
    [MemberData(nameof(Names))]
    public void A_damaged_image_is_bad_input_naming_the_image(string name)
    {
        var (make, expect) = Cases[name];
        var source = make();
        // Damage in the big main image is exercised through the one damaged file; the others are walked and read whole.
        var only = name.StartsWith("btree", StringComparison.Ordinal) ? "/frag/sparse-btree" : name.StartsWith("remote", StringComparison.Ordinal) ? "/gen/kinds/long-link" : null;
        var e = Assert.Throws<BadInputException>(() => XfsDamage.Exercise(source, TimeSpan.FromSeconds(10), only));
        Assert.Contains(source.ImagePath, e.Message);
        Assert.Contains(expect, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_clean_images_pass_the_same_exercise()
    {
        XfsDamage.Exercise(V4());
        XfsDamage.Exercise(V5());
    }

    // v4: no checksums, so damage reaches the structural checks; v5 (1 KiB blocks) and the main image have CRCs.
    private static VirtualDisk V4() => new ImageFile(XfsTestImages.V4.Image);
    private static VirtualDisk V5() => new ImageFile(XfsTestImages.SmallBlocks.Image);
    private static VirtualDisk MainImage() => new ImageFile(XfsTestImages.Main.Image);
    private static XfsFileSystem V4Fs() => XfsFileSystem.Open(V4(), "clean v4");
    private static XfsFileSystem V5Fs() => XfsFileSystem.Open(V5(), "clean v5");
    private static XfsFileSystem MainFs() => XfsFileSystem.Open(MainImage(), "clean main");

    private static void Add32(byte[] b, int at, uint delta) =>
        BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(at), BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(at)) + delta);

    private static PatchedSource RootEntryInode(XfsFileSystem fs, VirtualDisk image, string name, ulong ino, bool crc = false)
    {
        var sb = fs.Superblock;
        var offset = XfsDamage.InodeOffset(fs, "/");
        return new PatchedSource(image).Edit(offset, sb.InodeSize, raw =>
        {
            var fork = raw.AsSpan(sb.InodeCoreSize).ToArray();
            var at = XfsDamage.ShortformInodeField(fs, fork, name);
            if (fork[1] > 0) BinaryPrimitives.WriteUInt64BigEndian(raw.AsSpan(sb.InodeCoreSize + at), ino);
            else BinaryPrimitives.WriteUInt32BigEndian(raw.AsSpan(sb.InodeCoreSize + at), (uint)ino);
        }, crc ? 100 : null);
    }

    private static PatchedSource ExtentEdit(string path, Func<XfsExtent, XfsExtent> edit)
    {
        var fs = V4Fs();
        var offset = XfsDamage.InodeOffset(fs, path) + fs.Superblock.InodeCoreSize;
        var first = XfsDamage.Extents(fs, path)[0];
        return new PatchedSource(V4()).Patch(offset, XfsDamage.Encode(edit(first)));
    }

    /// <summary>The first level-1 block of /frag/sparse-btree (a two-level block map) in the main image.</summary>
    private static (PatchedSource Source, long Offset, int Size) BtreeChild()
    {
        var fs = MainFs();
        var inode = fs.ReadInode((ulong)fs.GetEntry("/frag/sparse-btree")!.NodeId);
        var maxRecs = (inode.DataFork.Length - 4) / 16;
        var ptr = BinaryPrimitives.ReadUInt64BigEndian(inode.DataFork.AsSpan(4 + maxRecs * 8));
        return (new PatchedSource(MainImage()), XfsDamage.BlockOffset(fs, ptr), fs.Superblock.BlockSize);
    }

    private static PatchedSource BtreeEdit(Action<byte[]> edit)
    {
        var (src, off, size) = BtreeChild();
        return src.Edit(off, size, edit, 64);
    }
}
