using System.Text;
using ImageGate.FileTrees;
using ImageGate.Testing;
using ImageGate.Testing.Images;

namespace ImageGate.DiskImages.Tests.FileSystems.Xfs;

/// <summary>An XFS image made here with the real tools, and the host tree it must equal.</summary>
/// <param name="Image">The image file.</param>
/// <param name="Expected">Every entry the image must hold, keyed by absolute path (root excluded).</param>
internal sealed record XfsTestImage(string Image, IReadOnlyDictionary<string, HostEntry> Expected);

/// <summary>
/// Builds the XFS test images once per test run, in a temp folder removed at the end: a source tree (the fixture
/// Debian root plus generated directories big enough to force block, leaf and node directories) turned into a
/// protofile for <c>mkfs.xfs -p</c>; the main image is then mounted once to add what a protofile cannot express
/// (hard links, sparse files fragmented into a two-level extent btree, a btree-format directory, sticky bits).
/// </summary>
internal static class XfsTestImages
{
    private static readonly TempDirectory Work = new("imagegate-xfs");
    private static readonly Lazy<XfsTestImage> MainImage = new(BuildMain);
    private static readonly Lazy<XfsTestImage> V4Image = new(() => BuildProtoOnly("v4.img", ["-m", "crc=0", "-i", "size=256", "-n", "ftype=0"]));
    private static readonly Lazy<XfsTestImage> SmallBlocksImage = new(() => BuildProtoOnly("small-blocks.img", ["-b", "size=1024", "-n", "size=8192"]));

    /// <summary>Removes the images (called once at the end of the test run).</summary>
    public static void Cleanup() => Work.Dispose();

    /// <summary>v5 (CRC) XFS of the fixture root + /gen + /frag (hard link, btree file and directory, sticky bits).</summary>
    public static XfsTestImage Main => MainImage.Value;

    /// <summary>v4 XFS (no CRC, v2 inodes of 256 bytes, no file types in directories) of /gen.</summary>
    public static XfsTestImage V4 => V4Image.Value;

    /// <summary>v5 XFS with 1 KiB blocks and 8 KiB directory blocks of /gen.</summary>
    public static XfsTestImage SmallBlocks => SmallBlocksImage.Value;

    /// <summary>The generated source tree (ImageGate.Testing's <see cref="Testing.Images.GeneratedTree"/>, whose content appears as /gen).</summary>
    public static string GeneratedTree => Testing.Images.GeneratedTree.Path;

    /// <summary>A scratch folder for other builders.</summary>
    public static string NewScratch(string name)
    {
        var dir = Work.Combine(name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The tree added through a mount: fragmented sparse files, a directory in btree form, a hard link.</summary>
    private static string BuildFragmentedSource()
    {
        var frag = Work.Combine("frag");
        Directory.CreateDirectory(Path.Combine(frag, "bigdir"));
        var rng = new Random(99);
        var chunk = new byte[4096];
        using (var sparse = new FileStream(Path.Combine(frag, "sparse-btree"), FileMode.Create))
        {
            for (var i = 0; i < 6000; i++)
            {
                rng.NextBytes(chunk);
                sparse.Position = i * 8192L;
                sparse.Write(chunk);
            }
            sparse.SetLength(6000 * 8192L + 100_000);
        }
        for (var i = 0; i < 1200; i++)
        {
            rng.NextBytes(chunk);
            File.WriteAllBytes(Path.Combine(frag, "bigdir", $"a-file-in-a-fragmented-directory-number-{i:D5}"), chunk.AsSpan(0, 1000 + i).ToArray());
        }
        File.WriteAllText(Path.Combine(frag, "original"), "one inode, two names\n");
        Tool.Run("ln", [Path.Combine(frag, "original"), Path.Combine(frag, "hardlink")]);
        return frag;
    }

    private static XfsTestImage BuildMain()
    {
        var root = Fixtures.Path("root");
        var rootEntries = HostTree.Read(root);
        var genEntries = HostTree.Read(GeneratedTree);
        var frag = BuildFragmentedSource();
        var proto = Work.Combine("main.proto");
        using (var w = new StreamWriter(proto, false, new UTF8Encoding(false)))
        {
            w.Write("boot\n0 0\nd--755 0 0\n");
            HostTree.WriteProto(w, rootEntries);
            w.Write("gen d--755 0 0\n");
            HostTree.WriteProto(w, genEntries);
            w.Write("$\n$\n");
        }
        var image = Work.Combine("main.img");
        ImageFiles.CreateSparse(image, 1L << 30);
        Tool.Run("mkfs.xfs", ["-q", "-f", "-p", proto, image]);

        var expected = new Dictionary<string, HostEntry>(StringComparer.Ordinal);
        foreach (var e in rootEntries.Where(HostTree.Expressible)) expected["/" + e.RelativePath] = e;
        expected["/gen"] = new HostEntry("gen", GeneratedTree, EntryKind.Directory, 0x1ED, 0, 0, 0, null, null);
        foreach (var e in genEntries.Where(HostTree.Expressible)) expected["/gen/" + e.RelativePath] = e;
        var remoteLinks = rootEntries.Where(HostTree.IsRemoteSymlink).Select(e => ("/" + e.RelativePath, e))
            .Concat(genEntries.Where(HostTree.IsRemoteSymlink).Select(e => ("/gen/" + e.RelativePath, e))).ToList();

        // What a protofile cannot express, added through one mount.
        var mnt = Work.Combine("mnt");
        Directory.CreateDirectory(mnt);
        using (var loop = LoopDevice.Attach(image))
        {
            Tool.Run("mount", ["-t", "xfs", "-o", "allocsize=4k", loop.Device, mnt]);
            try
            {
                Tool.Run("cp", ["-a", "--sparse=always", frag, Path.Combine(mnt, "frag")]);
                foreach (var (path, e) in remoteLinks)
                {
                    Tool.Run("ln", ["-s", e.LinkTarget!, mnt + path]);
                    Tool.Run("chown", ["-h", $"{e.Uid}:{e.Gid}", mnt + path]);
                    expected[path] = e;
                }
                // Files preallocated one by one while the directory grows: its blocks end up scattered (btree form).
                var bigdir = Path.Combine(mnt, "frag", "bigdir2");
                Directory.CreateDirectory(bigdir);
                foreach (var f in Directory.GetFiles(Path.Combine(frag, "bigdir")).Order(StringComparer.Ordinal))
                {
                    var data = File.ReadAllBytes(f);
                    using var fs = new FileStream(Path.Combine(bigdir, Path.GetFileName(f)), new FileStreamOptions
                    {
                        Mode = FileMode.CreateNew, Access = FileAccess.Write, PreallocationSize = 65536,
                    });
                    fs.Write(data);
                    fs.Flush(flushToDisk: true);
                }
                foreach (var (path, e) in expected.Where(kv => kv.Value.Kind == EntryKind.Directory && (kv.Value.Mode & 0x200) != 0))
                    Tool.Run("chmod", [Convert.ToString(e.Mode, 8), mnt + path]);
            }
            finally
            {
                ExternalProcess.Run("umount", [mnt]);
            }
        }
        Directory.Delete(mnt);
        var fragEntries = HostTree.Read(frag);
        expected["/frag"] = new HostEntry("frag", frag, EntryKind.Directory, ModeOf(frag), 0, 0, 0, null, null);
        foreach (var e in fragEntries) expected["/frag/" + e.RelativePath] = e;
        expected["/frag/bigdir2"] = expected["/frag/bigdir"] with { RelativePath = "bigdir2" };
        foreach (var e in fragEntries.Where(e => e.RelativePath.StartsWith("bigdir/", StringComparison.Ordinal)))
            expected["/frag/bigdir2/" + Path.GetFileName(e.RelativePath)] = e with { Mode = ModeOfNew() };
        return new XfsTestImage(image, expected);
    }

    private static int ModeOf(string path) => Convert.ToInt32(ExternalProcess.Run("stat", ["-c", "%a", path]).StandardOutput.Trim(), 8);

    private static int ModeOfNew() => 0x1A4;

    private static XfsTestImage BuildProtoOnly(string name, string[] options)
    {
        var genEntries = HostTree.Read(GeneratedTree);
        var proto = Work.Combine(name + ".proto");
        using (var w = new StreamWriter(proto, false, new UTF8Encoding(false)))
        {
            w.Write("boot\n0 0\nd--755 0 0\n");
            HostTree.WriteProto(w, genEntries);
            w.Write("$\n");
        }
        var image = Work.Combine(name);
        ImageFiles.CreateSparse(image, 320L << 20);
        Tool.Run("mkfs.xfs", ["-q", "-f", .. options, "-p", proto, image]);
        var expected = new Dictionary<string, HostEntry>(StringComparer.Ordinal);
        foreach (var e in genEntries.Where(HostTree.Expressible))
            expected["/" + e.RelativePath] = e with { Mode = e.Mode & ~0x200 }; // a protofile has no sticky bit
        return new XfsTestImage(image, expected);
    }
}
