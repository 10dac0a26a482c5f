using System.Globalization;
using System.Text;
using ImageGate.Testing.Repositories;

namespace ImageGate.Testing.Images;

/// <summary>An EL9-like disk converted to qcow2, and raw copies damaged in the LVM metadata and in the root
/// volume's XFS superblock.</summary>
/// <param name="Qcow2">The image.</param>
/// <param name="BootUuid">The /boot file system's UUID (fstab mounts it by UUID=).</param>
/// <param name="OsRelease">/etc/os-release as written.</param>
/// <param name="Kernel">/boot's kernel file as written.</param>
/// <param name="DataFile">/srv/payload.bin as written.</param>
/// <param name="BadLvmMetadata">A raw copy with every LVM metadata text damaged.</param>
/// <param name="BadXfsInVolume">A raw copy with the root volume's XFS superblock damaged.</param>
/// <param name="RepositorySigningKey">The armoured secret key whose public half the image trusts for its repository
/// (<see cref="TestGpgKey.Import"/> it to sign a repository the image's patch check accepts).</param>
public sealed record El9Disk(string Qcow2, string BootUuid, byte[] OsRelease, byte[] Kernel, byte[] DataFile,
    string BadLvmMetadata, string BadXfsInVolume, string RepositorySigningKey);

/// <summary>
/// Builds, once per test process, a GPT disk like an AlmaLinux 9 cloud image with the real tools: partition 1 =
/// /boot (XFS, label "boot", a fixed UUID), partition 2 = an LVM PV of VG "almalinux" with "root" (XFS holding
/// /etc/os-release, an /etc/fstab mounting /boot by UUID= and /srv by /dev/almalinux/data, an rpm database made by
/// rpm itself, and a BaseOS repository in /etc/yum.repos.d whose repomd signature must verify with the key in
/// /etc/pki/rpm-gpg) and "data" (XFS); then `qemu-img convert` to qcow2. Built under <see cref="HostLvm"/>.
/// </summary>
public static class El9TestImage
{
    public const string OsReleaseText = "NAME=\"AlmaLinux\"\nVERSION=\"9.4 (Seafoam Ocelot)\"\nID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\n" +
        "VERSION_ID=\"9.4\"\nPLATFORM_ID=\"platform:el9\"\nPRETTY_NAME=\"AlmaLinux 9.4 (Seafoam Ocelot)\"\nCPE_NAME=\"cpe:/o:almalinux:almalinux:9::baseos\"\n";

    /// <summary>The one package in the image's rpm database, at <see cref="PackageVersion"/>-<see cref="PackageRelease"/> (noarch).</summary>
    public const string PackageName = "imagegate-probe";

    /// <summary>The installed package's version.</summary>
    public const string PackageVersion = "1.2.3";

    /// <summary>The installed package's release.</summary>
    public const string PackageRelease = "4.el9";

    /// <summary>The host the image's BaseOS repository names (never resolvable: tests mirror it to 127.0.0.1).</summary>
    public const string RepositoryHost = "https://repo.almalinux.example.invalid";

    /// <summary>The image's BaseOS repository below <see cref="RepositoryHost"/>, with $releasever and $basearch as the image gives them.</summary>
    public const string RepositoryPath = "almalinux/9/BaseOS/x86_64/os";

    /// <summary>The repository id in the image's .repo file.</summary>
    public const string RepositoryId = "baseos";

    private const long Sector = 512;
    private static readonly Lazy<El9Disk> Lazy = TempDirectory.OncePerProcess("imagegate-el9", work =>
    {
        using (HostLvm.Acquire()) return Build(work);
    });

    /// <summary>The image (built on first use).</summary>
    public static El9Disk Disk => Lazy.Value;

    private static El9Disk Build(string work)
    {
        var raw = Path.Combine(work, "el9.raw");
        ImageFiles.CreateSparse(raw, 512L << 20);
        const long bootStart = 2048, bootSectors = 131072, pvStart = 133120, pvSectors = 909312;
        ImageFiles.PartitionBootAndLvm(raw, bootStart, bootSectors, pvStart, pvSectors);
        var rng = new Random(9);

        // /boot on partition 1
        const string bootUuid = "5a1c3b2e-7d4f-4e6a-9b8c-0d1e2f3a4b5c";
        var bootSrc = Path.Combine(work, "bootsrc");
        Directory.CreateDirectory(Path.Combine(bootSrc, "loader", "entries"));
        var kernel = new byte[300_000];
        rng.NextBytes(kernel);
        File.WriteAllBytes(Path.Combine(bootSrc, "vmlinuz-5.14.0-427.el9.x86_64"), kernel);
        File.WriteAllText(Path.Combine(bootSrc, "loader", "entries", "el9.conf"), "title AlmaLinux\n");
        var bootFs = MakeXfs(work, "boot", bootSrc, bootSectors * Sector, ["-L", "boot", "-m", "uuid=" + bootUuid]);
        ImageFiles.CopyRange(bootFs, 0, raw, bootStart * Sector, bootSectors * Sector);

        // The root tree: os-release, fstab, an rpm database written by rpm.
        var rootSrc = Path.Combine(work, "rootsrc");
        Directory.CreateDirectory(Path.Combine(rootSrc, "etc"));
        Directory.CreateDirectory(Path.Combine(rootSrc, "boot"));
        Directory.CreateDirectory(Path.Combine(rootSrc, "srv"));
        Directory.CreateDirectory(Path.Combine(rootSrc, "usr", "bin"));
        File.WriteAllText(Path.Combine(rootSrc, "etc", "os-release"), OsReleaseText);
        File.WriteAllText(Path.Combine(rootSrc, "etc", "fstab"),
            "# created by the test\n/dev/mapper/almalinux-root / xfs defaults 0 0\n" +
            $"UUID={bootUuid} /boot xfs defaults 0 0\n/dev/almalinux/data /srv xfs defaults 0 0\n/dev/mapper/almalinux-swap none swap defaults 0 0\n");
        File.WriteAllText(Path.Combine(rootSrc, "usr", "bin", "hello"), "#!/bin/sh\necho hello\n");
        InstallRpm(work, rootSrc);
        string signingKey;
        using (var key = new TestGpgKey("ImageGate Test AlmaLinux 9"))
        {
            signingKey = key.ExportSecretKey();
            Directory.CreateDirectory(Path.Combine(rootSrc, "etc", "pki", "rpm-gpg"));
            File.WriteAllText(Path.Combine(rootSrc, "etc", "pki", "rpm-gpg", "RPM-GPG-KEY-ImageGate-Test"), key.PublicKeyArmored);
        }
        Directory.CreateDirectory(Path.Combine(rootSrc, "etc", "yum.repos.d"));
        File.WriteAllText(Path.Combine(rootSrc, "etc", "yum.repos.d", "almalinux-baseos.repo"),
            $"[{RepositoryId}]\nname=AlmaLinux $releasever - BaseOS\nbaseurl={RepositoryHost}/almalinux/$releasever/BaseOS/$basearch/os/\n" +
            "enabled=1\ngpgcheck=1\nrepo_gpgcheck=1\ncountme=1\ngpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-ImageGate-Test\nmetadata_expire=86400\n");
        var dataSrc = Path.Combine(work, "datasrc");
        Directory.CreateDirectory(dataSrc);
        var dataFile = new byte[70_000];
        rng.NextBytes(dataFile);
        File.WriteAllBytes(Path.Combine(dataSrc, "payload.bin"), dataFile);

        // LVM on partition 2, made by the real tools with activation disabled.
        var etc = Path.Combine(work, "lvm-etc");
        Directory.CreateDirectory(etc);
        File.WriteAllText(Path.Combine(etc, "lvm.conf"),
            "devices { filter = [ \"a|^/dev/loop|\", \"r|.*|\" ] obtain_device_list_from_udev = 0 use_devicesfile = 0 }\n" +
            "global { activation = 0 }\nactivation { udev_sync = 0 udev_rules = 0 monitoring = 0 }\nbackup { backup = 0 archive = 0 }\n");
        var env = new Dictionary<string, string> { ["LVM_SYSTEM_DIR"] = etc, ["LVM_SUPPRESS_FD_WARNINGS"] = "1" };
        string Lvm(params string[] args) => Tool.Run("lvm", args, env);
        long rootOffset;
        using (var pv = LoopDevice.Attach(raw, pvStart * Sector, pvSectors * Sector))
        {
            Lvm("pvcreate", "-y", "-ff", pv.Device);
            Lvm("vgcreate", "-s", "4M", "almalinux", pv.Device);
            Lvm("lvcreate", "-an", "-Zn", "-y", "-L", "64M", "-n", "swap", "almalinux");
            Lvm("lvcreate", "-an", "-Zn", "-y", "-L", "200M", "-n", "root", "almalinux");
            Lvm("lvcreate", "-an", "-Zn", "-y", "-L", "64M", "-n", "data", "almalinux");
            var extent = long.Parse(Lvm("vgs", "--noheadings", "--nosuffix", "--units", "b", "-o", "vg_extent_size", "almalinux").Trim(), CultureInfo.InvariantCulture);
            var peStart = long.Parse(Lvm("pvs", "--noheadings", "--nosuffix", "--units", "b", "-o", "pe_start", pv.Device).Trim(), CultureInfo.InvariantCulture);
            var ranges = Lvm("lvs", "--noheadings", "--separator", ";", "-o", "lv_name,seg_pe_ranges", "almalinux")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(';'))
                .ToDictionary(p => p[0], p => long.Parse(p[1][(p[1].LastIndexOf(':') + 1)..].Split('-')[0], CultureInfo.InvariantCulture));
            long Offset(string lv) => pvStart * Sector + peStart + ranges[lv] * extent;
            rootOffset = Offset("root");
            ImageFiles.CopyRange(MakeXfs(work, "root", rootSrc, 200L << 20, ["-L", "root"]), 0, raw, rootOffset, 200L << 20);
            ImageFiles.CopyRange(MakeXfs(work, "data", dataSrc, 64L << 20, ["-L", "data"]), 0, raw, Offset("data"), 64L << 20);
        }
        var qcow2 = Path.Combine(work, "el9.qcow2");
        Tool.Run("qemu-img", ["convert", "-f", "raw", "-O", "qcow2", raw, qcow2]);

        // Damaged copies: every metadata text's seqno renamed (the text checksum no longer matches), and the root
        // volume's XFS superblock with a wrong AG count (its CRC no longer matches).
        var badLvm = Path.Combine(work, "bad-lvm-metadata.raw");
        File.Copy(raw, badLvm);
        using (var f = new FileStream(badLvm, FileMode.Open, FileAccess.ReadWrite))
        {
            var area = new byte[1 << 20];
            f.Position = pvStart * Sector;
            f.ReadExactly(area);
            var hits = 0;
            for (var i = area.AsSpan().IndexOf("seqno"u8); i >= 0; i = area.AsSpan().IndexOf("seqno"u8))
            {
                area[i + 4] = (byte)'X';
                hits++;
            }
            if (hits == 0) throw new InvalidOperationException("no LVM metadata text found to damage");
            f.Position = pvStart * Sector;
            f.Write(area);
        }
        var badXfs = Path.Combine(work, "bad-xfs-in-lv.raw");
        File.Copy(raw, badXfs);
        using (var f = new FileStream(badXfs, FileMode.Open, FileAccess.ReadWrite))
        {
            f.Position = rootOffset + 88; // sb_agcount
            f.Write([0x7F, 0xFF, 0xFF, 0xFF]);
        }
        File.Delete(raw);
        return new El9Disk(qcow2, bootUuid, Encoding.UTF8.GetBytes(OsReleaseText), kernel, dataFile, badLvm, badXfs, signingKey);
    }

    private static string MakeXfs(string work, string name, string source, long size, string[] options)
    {
        var proto = Path.Combine(work, name + ".proto");
        HostTree.WriteProtoFile(proto, HostTree.Read(source));
        var image = Path.Combine(work, name + ".xfs");
        ImageFiles.CreateSparse(image, size);
        Tool.Run("mkfs.xfs", ["-q", "-f", .. options, "-p", proto, image], Tool.MkfsEnvironment);
        return image;
    }

    /// <summary>Builds a tiny noarch rpm and records it in <paramref name="root"/>'s rpm database (rpmdb.sqlite).</summary>
    private static void InstallRpm(string work, string root)
    {
        var rpm = RpmTestPackages.Build(Path.Combine(work, "rpmbuild"), [new RpmSpec(PackageName, PackageVersion, PackageRelease)]).Single();
        Tool.Run("rpm", ["--root", root, "--dbpath", "/var/lib/rpm", "-i", "--nodeps", "--justdb", "--noscripts", rpm]);
        var db = Path.Combine(root, "var", "lib", "rpm", "rpmdb.sqlite");
        if (!File.Exists(db)) throw new InvalidOperationException($"rpm did not write {db}");
        if (File.Exists(db + "-wal") && new FileInfo(db + "-wal").Length > 0)
            throw new InvalidOperationException("rpm left an uncheckpointed write-ahead log");
    }
}
