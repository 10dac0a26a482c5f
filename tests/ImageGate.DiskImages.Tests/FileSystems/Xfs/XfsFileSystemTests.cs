using ImageGate.DiskImages.Containers;
using ImageGate.DiskImages.FileSystems.Xfs;
using ImageGate.FileTrees;
using ImageGate.Testing;
using ImageGate.Testing.Images;

namespace ImageGate.DiskImages.Tests.FileSystems.Xfs;

public sealed class XfsFileSystemTests
{
    private static XfsFileSystem Open(string image)
    {
        var source = new ImageFile(image);
        return XfsFileSystem.Open(source, $"xfs in {Path.GetFileName(image)}");
    }

    [Fact]
    public void A_v5_image_made_from_the_fixture_root_lists_and_reads_exactly_the_source_tree()
    {
        var image = XfsTestImages.Main;
        using var fs = Open(image.Image);
        Assert.Equal(5, fs.Superblock.Version);
        TreeAssert.Equal(image.Expected, fs);
    }

    [Fact]
    public void A_v4_image_lists_and_reads_exactly_the_source_tree()
    {
        var image = XfsTestImages.V4;
        using var fs = Open(image.Image);
        Assert.Equal(4, fs.Superblock.Version);
        Assert.False(fs.Superblock.HasFileType);
        TreeAssert.Equal(image.Expected, fs);
    }

    [Fact]
    public void An_image_with_1k_blocks_and_8k_directory_blocks_reads_exactly_the_source_tree()
    {
        var image = XfsTestImages.SmallBlocks;
        using var fs = Open(image.Image);
        Assert.Equal(1024, fs.Superblock.BlockSize);
        Assert.Equal(8192, fs.Superblock.DirBlockSize);
        TreeAssert.Equal(image.Expected, fs);
    }

    [Fact]
    public void The_images_hold_every_directory_and_extent_format_the_reader_claims()
    {
        var image = XfsTestImages.Main.Image;
        using var fs = Open(image);
        string Db(string path, string field)
        {
            var ino = fs.GetEntry(path)!.NodeId;
            return Tool.Run("xfs_db", ["-r", "-c", $"inode {ino}", "-c", $"print {field}", image]).Trim();
        }
        Assert.Equal("core.format = 1 (local)", Db("/gen/kinds", "core.format"));          // shortform directory
        Assert.Equal("core.format = 2 (extents)", Db("/gen/block", "core.format"));
        Assert.Equal("core.size = 4096", Db("/gen/block", "core.size"));                  // single-block directory
        Assert.Equal("core.format = 3 (btree)", Db("/frag/sparse-btree", "core.format"));
        Assert.Equal("u3.bmbt.level = 2", Db("/frag/sparse-btree", "u3.bmbt.level"));     // two-level extent btree
        Assert.Equal("core.format = 3 (btree)", Db("/frag/bigdir2", "core.format"));     // directory with a btree block map
        Assert.Equal("core.format = 2 (local)".Replace("2 (local)", "1 (local)"), Db("/gen/kinds/short-link", "core.format")); // local symlink
        Assert.Equal("core.format = 2 (extents)", Db("/gen/kinds/long-link", "core.format")); // remote symlink
        // leaf and node directories: a leaf directory has one leaf block at 32 GiB, a node directory a free index at 64 GiB.
        var leafMap = Tool.Run("xfs_db", ["-r", "-c", $"inode {fs.GetEntry("/gen/leaf")!.NodeId}", "-c", "bmap", image]);
        Assert.Contains("data offset 8388608 ", leafMap);
        var nodeMap = Tool.Run("xfs_db", ["-r", "-c", $"inode {fs.GetEntry("/gen/node")!.NodeId}", "-c", "bmap", image]);
        Assert.Contains("data offset 16777216 ", nodeMap);
    }

    [Fact]
    public void Hard_links_share_a_node_id_and_content()
    {
        using var fs = Open(XfsTestImages.Main.Image);
        var a = fs.GetEntry("/frag/original")!;
        var b = fs.GetEntry("/frag/hardlink")!;
        Assert.Equal(a.NodeId, b.NodeId);
        Assert.NotEqual(a.NodeId, fs.GetEntry("/frag/sparse-btree")!.NodeId);
    }

    [Fact]
    public void Modification_times_are_those_the_tools_wrote()
    {
        using var fs = Open(XfsTestImages.Main.Image);
        var mtime = fs.GetEntry("/gen/kinds/big.bin")!.ModifiedTime!.Value;
        var imageTime = File.GetLastWriteTimeUtc(XfsTestImages.Main.Image);
        Assert.InRange(mtime.UtcDateTime, imageTime.AddHours(-1), imageTime.AddMinutes(1));
        Assert.NotEqual(0, mtime.Millisecond + mtime.Second + mtime.Minute);
    }

    [Fact]
    public void Symlinks_are_resolved_inside_the_tree_and_never_followed_at_the_end()
    {
        using var fs = Open(XfsTestImages.Main.Image);
        var bin = fs.GetEntry("/bin")!;
        Assert.Equal(EntryKind.Symlink, bin.Kind);
        Assert.Equal("usr/bin", bin.LinkTarget);
        var viaLink = fs.GetEntry("/bin/bash")!;
        Assert.Equal(fs.GetEntry("/usr/bin/bash")!.NodeId, viaLink.NodeId);
        Assert.Equal(EntryKind.Symlink, fs.GetEntry("/gen/kinds/absolute-link")!.Kind);
        Assert.Equal(fs.List("/usr/bin").Count, fs.List("/bin").Count);
        Assert.Null(fs.GetEntry("/gen/kinds/no-such-file"));
        Assert.Null(fs.GetEntry("/gen/kinds/big.bin/below-a-file"));
        Assert.Equal(fs.GetEntry("/etc/os-release")!.NodeId, fs.GetEntry("/gen/../etc/./os-release")!.NodeId);
    }

    [Fact]
    public void Listing_is_sorted_by_name_and_reads_of_many_files_may_run_at_once()
    {
        using var fs = Open(XfsTestImages.Main.Image);
        var names = fs.List("/gen/node").Select(e => e.Name).ToList();
        Assert.Equal(2500, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        var files = fs.List("/frag/bigdir2");
        var hashes = files.AsParallel().WithDegreeOfParallelism(8).Select(f => { using var s = fs.OpenRead(f); return HostTree.Sha256(s); }).ToList();
        var expected = files.Select(f => HostTree.Sha256(XfsTestImages.Main.Expected[f.Path].HostPath)).ToList();
        Assert.Equal(expected, hashes);
    }

    [Fact]
    public void A_sparse_file_reads_zeros_in_its_holes_and_seeks_anywhere()
    {
        using var fs = Open(XfsTestImages.Main.Image);
        var entry = fs.GetEntry("/frag/sparse-btree")!;
        using var s = fs.OpenRead(entry);
        Assert.Equal(6000 * 8192L + 100_000, s.Length);
        var buf = new byte[4096];
        s.Position = 4096;
        s.ReadExactly(buf);
        Assert.All(buf, b => Assert.Equal(0, b));
        s.Position = 8192L * 5999;
        s.ReadExactly(buf);
        Assert.Contains(buf, b => b != 0);
        s.Seek(-10, SeekOrigin.End);
        Assert.Equal(10, s.Read(buf));
        Assert.Equal(0, s.Read(buf));
    }
}
