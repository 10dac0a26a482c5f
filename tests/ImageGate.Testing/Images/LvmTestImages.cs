using System.Globalization;

namespace ImageGate.Testing.Images;

/// <summary>Where a logical volume's file system was put and what it must hold.</summary>
public sealed record LvmTestVolume(string Name, IReadOnlyDictionary<string, HostEntry> Expected);

/// <summary>An EL9-like disk made with the real tools, and a second PV file of the same volume group.</summary>
/// <param name="Disk">GPT disk: partition 1 = /boot (XFS), partition 2 = LVM PV.</param>
/// <param name="BootOffset">Byte offset of partition 1.</param>
/// <param name="BootSize">Size of partition 1.</param>
/// <param name="PvOffset">Byte offset of partition 2 (the first PV).</param>
/// <param name="PvSize">Size of partition 2.</param>
/// <param name="SecondPv">The second PV (a plain file).</param>
/// <param name="BootExpected">What /boot must hold.</param>
/// <param name="Volumes">The logical volumes that hold an XFS, with their expected trees.</param>
public sealed record LvmTestDisk(string Disk, long BootOffset, long BootSize, long PvOffset, long PvSize, string SecondPv,
    IReadOnlyDictionary<string, HostEntry> BootExpected, IReadOnlyList<LvmTestVolume> Volumes);

/// <summary>
/// Builds, once per run, a GPT disk like an EL9 cloud image: /boot on XFS, and an LVM volume group "almalinux"
/// on partition 2 plus a second PV file, with the real LVM tools on loop devices (activation disabled: this
/// kernel has no device-mapper). Volumes: root (linear, XFS of the fixture root put on through a loop device at
/// the volume's offset), home (three segments, the last on the second PV), striped (2 stripes of 64 KiB), var
/// (no file system), and an old-style snapshot of root added with vgcfgrestore.
/// </summary>
public static class LvmTestImages
{
    private const long Sector = 512;

    private static readonly Lazy<LvmTestDisk> Lazy = TempDirectory.OncePerProcess("imagegate-lvm", work =>
    {
        using (HostLvm.Acquire()) return Build(work);
    });

    /// <summary>The disk (built on first use).</summary>
    public static LvmTestDisk Disk => Lazy.Value;

    private static LvmTestDisk Build(string work)
    {
        var disk = Path.Combine(work, "el9.raw");
        var pv2 = Path.Combine(work, "pv2.raw");
        ImageFiles.CreateSparse(disk, 1536L << 20);
        ImageFiles.CreateSparse(pv2, 300L << 20);
        const long bootStart = 2048, bootSectors = 614400, pvStart = 616448, pvSectors = 2400000;
        ImageFiles.PartitionBootAndLvm(disk, bootStart, bootSectors, pvStart, pvSectors);

        // /boot
        var bootSrc = Path.Combine(work, "bootsrc");
        Directory.CreateDirectory(Path.Combine(bootSrc, "grub2"));
        Directory.CreateDirectory(Path.Combine(bootSrc, "loader", "entries"));
        var rng = new Random(7);
        var kernel = new byte[2_000_000];
        rng.NextBytes(kernel);
        File.WriteAllBytes(Path.Combine(bootSrc, "vmlinuz-5.14.0-427.el9.x86_64"), kernel);
        File.WriteAllText(Path.Combine(bootSrc, "grub2", "grub.cfg"), "set default=0\n");
        File.WriteAllText(Path.Combine(bootSrc, "loader", "entries", "el9.conf"), "title AlmaLinux\nlinux /vmlinuz-5.14.0-427.el9.x86_64\n");
        File.CreateSymbolicLink(Path.Combine(bootSrc, "vmlinuz"), "vmlinuz-5.14.0-427.el9.x86_64");
        var bootExpected = HostTree.WriteProtoFile(Path.Combine(work, "boot.proto"), HostTree.Read(bootSrc));
        using (var loop = LoopDevice.Attach(disk, bootStart * Sector, bootSectors * Sector))
            Tool.Run("mkfs.xfs", ["-q", "-f", "-L", "boot", "-p", Path.Combine(work, "boot.proto"), loop.Device]);

        // LVM metadata written by the real tools, device-mapper never touched.
        var etc = Path.Combine(work, "lvm-etc");
        Directory.CreateDirectory(etc);
        File.WriteAllText(Path.Combine(etc, "lvm.conf"),
            "devices { filter = [ \"a|^/dev/loop|\", \"r|.*|\" ] obtain_device_list_from_udev = 0 use_devicesfile = 0 }\n" +
            "global { activation = 0 }\nactivation { udev_sync = 0 udev_rules = 0 monitoring = 0 }\nbackup { backup = 0 archive = 0 }\n");
        var env = new Dictionary<string, string> { ["LVM_SYSTEM_DIR"] = etc, ["LVM_SUPPRESS_FD_WARNINGS"] = "1" };
        string Lvm(params string[] args) => Tool.Run("lvm", args, env);
        var rootSrc = Fixtures.Path("root");
        var volumes = new List<LvmTestVolume>();
        using (var a = LoopDevice.Attach(disk, pvStart * Sector, pvSectors * Sector))
        using (var b = LoopDevice.Attach(pv2))
        {
            Lvm("pvcreate", "-y", "-ff", a.Device);
            Lvm("pvcreate", "-y", "-ff", "--pvmetadatacopies", "2", b.Device); // a second metadata area at the end
            Lvm("vgcreate", "-s", "4M", "almalinux", a.Device, b.Device);
            Lvm("lvcreate", "-an", "-Zn", "-y", "-L", "640M", "-n", "root", "almalinux", a.Device);
            Lvm("lvcreate", "-an", "-Zn", "-y", "-L", "40M", "-n", "home", "almalinux", a.Device);
            Lvm("lvcreate", "-an", "-Zn", "-y", "-L", "20M", "-n", "var", "almalinux", a.Device);
            Lvm("lvextend", "-L", "+40M", "almalinux/home", a.Device);
            Lvm("lvextend", "-L", "+40M", "almalinux/home", b.Device);
            Lvm("lvcreate", "-an", "-Zn", "-y", "-i", "2", "-I", "64k", "-L", "64M", "-n", "striped", "almalinux", a.Device, b.Device);

            var extent = long.Parse(Lvm("vgs", "--noheadings", "--nosuffix", "--units", "b", "-o", "vg_extent_size", "almalinux").Trim(), CultureInfo.InvariantCulture);
            var peStart = Lvm("pvs", "--noheadings", "--nosuffix", "--units", "b", "--separator", ";", "-o", "pv_name,pe_start")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(';'))
                .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
            var backing = new Dictionary<string, (string File, long Offset)>
            {
                [a.Device] = (disk, pvStart * Sector + peStart[a.Device]),
                [b.Device] = (pv2, peStart[b.Device]),
            };
            var segments = Lvm("lvs", "--noheadings", "--segments", "--separator", ";", "-o", "lv_name,seg_start_pe,seg_size_pe,seg_pe_ranges,stripes,stripe_size", "--units", "b", "--nosuffix", "almalinux")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(';')).ToList();

            // root: one contiguous segment, so a loop device at its offset is the volume itself.
            var rootSeg = segments.Single(s => s[0] == "root");
            var (rootDev, rootFirst) = ParseRange(rootSeg[3].Split(' ')[0]);
            var rootExpected = HostTree.WriteProtoFile(Path.Combine(work, "root.proto"), HostTree.Read(rootSrc));
            using (var lv = LoopDevice.Attach(backing[rootDev].File, backing[rootDev].Offset + rootFirst * extent, 640L << 20))
                Tool.Run("mkfs.xfs", ["-q", "-f", "-L", "root", "-p", Path.Combine(work, "root.proto"), lv.Device]);
            volumes.Add(new LvmTestVolume("root", rootExpected));

            // home and striped: made as files, then their extents copied where LVM placed them.
            var gen = HostTree.Read(GeneratedTree.Path);
            var homeExpected = HostTree.WriteProtoFile(Path.Combine(work, "home.proto"), gen);
            var homeFs = Path.Combine(work, "home.xfs");
            ImageFiles.CreateSparse(homeFs, 120L << 20);
            Tool.Run("mkfs.xfs", ["-q", "-f", "-p", Path.Combine(work, "home.proto"), homeFs], Tool.MkfsEnvironment);
            foreach (var seg in segments.Where(s => s[0] == "home"))
            {
                var (dev, first) = ParseRange(seg[3]);
                ImageFiles.CopyRange(homeFs, long.Parse(seg[1], CultureInfo.InvariantCulture) * extent, backing[dev].File,
                    backing[dev].Offset + first * extent, long.Parse(seg[2], CultureInfo.InvariantCulture) * extent);
            }
            volumes.Add(new LvmTestVolume("home", homeExpected));

            var small = gen.Where(e => e.RelativePath.StartsWith("block", StringComparison.Ordinal) || e.RelativePath.StartsWith("kinds", StringComparison.Ordinal)).ToList();
            var stripedExpected = HostTree.WriteProtoFile(Path.Combine(work, "striped.proto"), small);
            var stripedFs = Path.Combine(work, "striped.xfs");
            ImageFiles.CreateSparse(stripedFs, 64L << 20);
            Tool.Run("mkfs.xfs", ["-q", "-f", "-p", Path.Combine(work, "striped.proto"), stripedFs], Tool.MkfsEnvironment);
            var stripedSeg = segments.Single(s => s[0] == "striped");
            var areas = stripedSeg[3].Split(' ').Select(ParseRange).ToList();
            var chunk = long.Parse(stripedSeg[5], CultureInfo.InvariantCulture);
            for (long offset = 0, i = 0; offset < 64L << 20; offset += chunk, i++)
            {
                var (dev, first) = areas[(int)(i % areas.Count)];
                ImageFiles.CopyRange(stripedFs, offset, backing[dev].File, backing[dev].Offset + first * extent + (i / areas.Count) * chunk, chunk);
            }
            volumes.Add(new LvmTestVolume("striped", stripedExpected));

            // An old-style snapshot of root, written into the metadata by vgcfgrestore.
            var backup = Path.Combine(work, "vg.txt");
            Lvm("vgcfgbackup", "-f", backup, "almalinux");
            var text = File.ReadAllText(backup);
            var at = text.IndexOf("logical_volumes {", StringComparison.Ordinal) + "logical_volumes {".Length;
            text = text.Insert(at, """

                snap {
                    id = "Snap01-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa"
                    status = ["READ", "WRITE", "VISIBLE"]
                    flags = []
                    segment_count = 1
                    segment1 {
                        start_extent = 0
                        extent_count = 2
                        type = "striped"
                        stripe_count = 1
                        stripes = ["pv1", 60]
                    }
                }
                snapshot0 {
                    id = "Snap02-aaaa-aaaa-aaaa-aaaa-aaaa-aaaaaa"
                    status = ["READ"]
                    flags = []
                    segment_count = 1
                    segment1 {
                        start_extent = 0
                        extent_count = 160
                        type = "snapshot"
                        chunk_size = 8
                        origin = "root"
                        cow_store = "snap"
                    }
                }
            """);
            File.WriteAllText(backup, text);
            Lvm("vgcfgrestore", "-f", backup, "almalinux");
        }
        return new LvmTestDisk(disk, bootStart * Sector, bootSectors * Sector, pvStart * Sector, pvSectors * Sector, pv2, bootExpected, volumes);
    }

    private static (string Device, long First) ParseRange(string range)
    {
        var colon = range.LastIndexOf(':');
        var first = range[(colon + 1)..].Split('-')[0];
        return (range[..colon], long.Parse(first, CultureInfo.InvariantCulture));
    }
}
