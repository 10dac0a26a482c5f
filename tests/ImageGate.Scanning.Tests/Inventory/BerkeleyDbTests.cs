using System.Buffers.Binary;
using ImageGate.Core.Errors;
using ImageGate.Core.Packages;
using ImageGate.DiskImages.FileSystems.Host;
using ImageGate.FileTrees;
using ImageGate.Scanning.Inventory;
using ImageGate.Testing.Images;

namespace ImageGate.Scanning.Tests.Inventory;

/// <summary>The EL7/8 Berkeley DB <c>Packages</c> reader against databases made by rpm and db5.3_load.</summary>
public sealed class BerkeleyDbTests(BerkeleyRpmDatabase db) : IClassFixture<BerkeleyRpmDatabase>
{
    private const string PackagesPath = "/var/lib/rpm/Packages";
    private const int PageSize = 4096;

    public static TheoryData<string> Layouts => new(BerkeleyRpmDatabase.Layouts.Select(l => l.Name));

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Packages_are_read_from_a_Berkeley_DB_like_rpm_qa_reads_the_sqlite_twin(string layout)
    {
        using var stream = File.OpenRead(db.PackagesFile(layout));
        var packages = RpmDatabase.ReadBerkeleyDb(stream, PackagesPath);

        Assert.Equal(6, db.RpmQa.Count);
        Assert.Equal(ExpectedLines(db.RpmQa), Lines(packages));
        Assert.All(packages, p => Assert.Equal(PackageType.Rpm, p.Type));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Rpm_itself_reads_each_Berkeley_DB_made_for_the_tests_as_the_same_packages(string layout)
    {
        // The test data is valid for rpm's own read-only Berkeley DB backend, not only for our reader.
        Assert.Equal(db.RpmQa, BerkeleyRpmDatabase.Query(db.DbPath(layout), "bdb_ro"));
    }

    [Fact]
    public void The_test_databases_cover_overflow_chains_inline_headers_big_endian_and_many_buckets()
    {
        Assert.True(db.LargestHeader > 8 * PageSize, $"largest header {db.LargestHeader} bytes");
        Assert.True(db.SmallestHeader < 8192 / 4, $"smallest header {db.SmallestHeader} bytes");
        using (var le = File.OpenRead(db.PackagesFile("le-4k")))
        {
            var file = BerkeleyDbHash.Open(le, "le");
            Assert.False(file.BigEndian);
            Assert.Equal(PageSize, file.PageSize);
        }
        var bytes = File.ReadAllBytes(db.PackagesFile("le-4k"));
        Assert.True(PagesOfType(bytes, 7).Count() > 8, "several overflow pages");
        using (var be = File.OpenRead(db.PackagesFile("be-8k")))
        {
            var file = BerkeleyDbHash.Open(be, "be");
            Assert.True(file.BigEndian);
            Assert.Equal(8192, file.PageSize);
        }
        using (var spread = File.OpenRead(db.PackagesFile("le-spread")))
            Assert.True(BerkeleyDbHash.Open(spread, "spread").MaxBucket >= 4);
    }

    [Fact]
    public void A_CentOS_7_root_with_only_a_Berkeley_DB_gets_its_inventory_from_it()
    {
        var root = db.MakeCentOs7Root("centos7", File.ReadAllBytes(db.PackagesFile("le-4k")));
        using var fs = new HostDirectoryFileSystem(root);

        var inventory = PackageInventory.Read(fs);

        Assert.Equal("centos", inventory.Os?.Id);
        Assert.Equal("7", inventory.Os?.VersionId);
        Assert.Equal("CentOS Linux 7 (Core)", inventory.Os?.PrettyName);
        Assert.Equal(ExpectedLines(db.RpmQa), Lines(inventory.Packages));
        var ssl = Assert.Single(inventory.Packages, p => p.Name == "openssl-libs");
        Assert.Equal("1:1.0.2k-26.el7_9", ssl.Version);
        Assert.Equal("openssl-libs", ssl.SourceName);
        Assert.Equal("1.0.2k-26.el7_9", ssl.SourceVersion);
    }

    [Fact]
    public void A_file_system_whose_streams_cannot_seek_is_read_through_a_temporary_copy()
    {
        var root = db.MakeCentOs7Root("forward-only", File.ReadAllBytes(db.PackagesFile("le-spread")));
        using var fs = new ForwardOnlyFileSystem(new HostDirectoryFileSystem(root));

        Assert.Equal(ExpectedLines(db.RpmQa), Lines(RpmDatabase.Read(fs)));
        Assert.True(fs.Opened > 0);
    }

    /// <summary>A real file tree whose file streams only read forwards (as a decompressing reader's would).</summary>
    private sealed class ForwardOnlyFileSystem(ImageGate.FileTrees.IFileSystem inner) : ImageGate.FileTrees.IFileSystem
    {
        public int Opened { get; private set; }
        public string Description => inner.Description;
        public ImageGate.FileTrees.FileEntry? GetEntry(string path) => inner.GetEntry(path);
        public IReadOnlyList<ImageGate.FileTrees.FileEntry> List(string path) => inner.List(path);
        public IEnumerable<ImageGate.FileTrees.FileEntry> Walk(string path = "/") => inner.Walk(path);
        public Stream OpenRead(ImageGate.FileTrees.FileEntry entry)
        {
            Opened++;
            return new ForwardOnly(inner.OpenRead(entry));
        }
        public void Dispose() => inner.Dispose();
    }

    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    [Fact]
    public void The_sqlite_database_wins_when_a_root_has_both()
    {
        var root = db.MakeCentOs7Root("both", File.ReadAllBytes(db.PackagesFile("le-4k")));
        File.Copy(Path.Combine(db.SqliteDbPath, "rpmdb.sqlite"), Path.Combine(root, "var/lib/rpm/rpmdb.sqlite"));
        var broken = File.ReadAllBytes(db.PackagesFile("le-4k"));
        broken[12] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(root, "var/lib/rpm/Packages"), broken);
        using var fs = new HostDirectoryFileSystem(root);

        Assert.Equal(ExpectedLines(db.RpmQa), Lines(RpmDatabase.Read(fs)));
    }

    public static TheoryData<string, string> Damages => new()
    {
        { "truncated", "truncated" },
        { "cut-inside-the-metadata-page", "truncated" },
        { "bad-magic", "bad magic" },
        { "btree", "not the hash database" },
        { "bad-page-size", "page size" },
        { "encrypted", "encrypted" },
        { "huge-last-page", "truncated" },
        { "huge-max-bucket", "buckets" },
        { "overflow-cycle", "reached twice" },
        { "bucket-chain-cycle", "reached twice" },
        { "huge-item-count", "more than fit in a page" },
        { "huge-item-length", "more than the file can hold" },
        { "overflow-chain-cut", "ends after" },
        { "overflow-page-wrong-type", "should be an overflow page" },
        { "bucket-beyond-file", "outside pages" },
        { "garbage-header", "rpm header" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_Berkeley_DB_is_bad_input_naming_the_file(string damage, string expected)
    {
        var bytes = Damage(File.ReadAllBytes(db.PackagesFile("le-4k")), damage);
        var root = db.MakeCentOs7Root(damage, bytes);
        using var fs = new HostDirectoryFileSystem(root);

        var started = DateTime.UtcNow;
        var ex = Assert.Throws<BadInputException>(() => PackageInventory.Read(fs));

        Assert.Equal(PackagesPath, ex.Path);
        Assert.StartsWith(PackagesPath + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("le-4k")]
    [InlineData("be-8k")]
    [InlineData("le-spread")]
    public void Seeded_byte_flips_in_page_headers_and_items_end_in_packages_or_bad_input(string layout)
    {
        var original = File.ReadAllBytes(db.PackagesFile(layout));
        var pageSize = layout == "be-8k" ? 8192 : PageSize;
        var rng = new Random(4242);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 400; i++)
        {
            var b = (byte[])original.Clone();
            for (var flips = rng.Next(1, 4); flips > 0; flips--)
            {
                // Mostly page headers, index arrays and the metadata, where the structure lives.
                var page = rng.Next(0, b.Length / pageSize);
                var offset = page * pageSize + (rng.Next(3) == 0 ? rng.Next(pageSize) : rng.Next(Math.Min(160, pageSize)));
                b[offset] ^= (byte)rng.Next(1, 256);
            }
            using var stream = new MemoryStream(b, writable: false);
            string outcome;
            try
            {
                RpmDatabase.ReadBerkeleyDb(stream, PackagesPath);
                outcome = "read";
            }
            catch (BadInputException e)
            {
                Assert.Equal(PackagesPath, e.Path);
                outcome = "bad input";
            }
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        Assert.True(outcomes.GetValueOrDefault("bad input") > 0, string.Join(", ", outcomes));
    }

    private static byte[] Damage(byte[] b, string damage)
    {
        var lastPage = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(32));
        var overflow = PagesOfType(b, 7).ToList();
        var hash = PagesOfType(b, 13).ToList();
        // The first overflow page that continues into another (a chain of at least two pages).
        var chained = overflow.First(p => Next(b, p) != 0);
        switch (damage)
        {
            case "truncated": return b[..(b.Length / 2)];
            case "cut-inside-the-metadata-page": return b[..300];
            case "bad-magic": BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), 0x12345678); break;
            case "btree": BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), 0x053162); break;
            case "bad-page-size": BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(20), 3000); break;
            case "encrypted": b[24] = 1; break;
            case "huge-last-page": BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(32), 0xFFFF_FF00); break;
            case "huge-max-bucket": BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(72), 0x7FFF_FFFF); break;
            case "overflow-cycle": SetNext(b, chained, chained); break;
            case "bucket-chain-cycle": SetNext(b, hash[0], hash[0]); break;
            case "huge-item-count": BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(hash[0] * PageSize + 20), 0xFFFE); break;
            case "huge-item-length":
            {
                var item = OffPageItem(b, hash);
                BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(item + 8), 0x7FFF_FFF0);
                break;
            }
            case "overflow-chain-cut": SetNext(b, chained, 0); break;
            case "overflow-page-wrong-type": b[Next(b, chained) * PageSize + 25] = 13; break;
            case "bucket-beyond-file":
                // spares[0] maps bucket 0; point it past the last page.
                BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(96), lastPage + 5);
                break;
            case "garbage-header":
            {
                // The first data byte of the first overflow chain (a header blob's index count) made absurd.
                var item = OffPageItem(b, hash);
                var first = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(item + 4));
                b[first * PageSize + 26] = 0x7F;
                break;
            }
            default: throw new ArgumentException(damage, nameof(damage));
        }
        return b;
    }

    private static IEnumerable<int> PagesOfType(byte[] b, byte type)
    {
        for (var p = 1; (p + 1) * PageSize <= b.Length; p++)
            if (b[p * PageSize + 25] == type) yield return p;
    }

    private static int Next(byte[] b, int page) => (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(page * PageSize + 16));

    private static void SetNext(byte[] b, int page, int next) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(page * PageSize + 16), (uint)next);

    /// <summary>The file offset of the first off-page data item on the hash pages.</summary>
    private static int OffPageItem(byte[] b, List<int> hashPages)
    {
        foreach (var page in hashPages)
        {
            var entries = BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(page * PageSize + 20));
            for (var i = 1; i < entries; i += 2)
            {
                var offset = page * PageSize + BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(page * PageSize + 26 + 2 * i));
                if (b[offset] == 3) return offset;
            }
        }
        throw new InvalidOperationException("no off-page item in the test database");
    }

    /// <summary>rpm -qa lines with the licence column as the inventory must give it (EL7 tags as SPDX expressions).</summary>
    private static List<string> ExpectedLines(IEnumerable<string> rpmQa) =>
        rpmQa.Select(l => l.Split('\t')).Select(f => string.Join('\t', f[..6].Append(BerkeleyRpmDatabase.ExpectedLicences[f[0]])))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>Inventory entries in rpm -qa's columns: name, epoch, version, release, arch, source rpm, licence.</summary>
    private static List<string> Lines(IEnumerable<InstalledPackage> packages) =>
        packages.Select(p =>
        {
            var colon = p.Version.IndexOf(':', StringComparison.Ordinal);
            var epoch = colon < 0 ? "(none)" : p.Version[..colon];
            var vr = p.Version[(colon + 1)..];
            var dash = vr.LastIndexOf('-');
            return string.Join('\t', p.Name, epoch, vr[..dash], vr[(dash + 1)..], p.Architecture,
                $"{p.SourceName}-{p.SourceVersion}.src.rpm", p.License);
        }).Order(StringComparer.Ordinal).ToList();
}
