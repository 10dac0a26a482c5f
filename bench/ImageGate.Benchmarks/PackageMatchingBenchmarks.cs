using System.Text;
using BenchmarkDotNet.Attributes;
using ImageGate.Core.Packages;
using ImageGate.Patches;
using ImageGate.Patches.Apt;

namespace ImageGate.Benchmarks;

/// <summary>The apt patch check's matching: 5,000 installed packages against a full security index (synthesized like
/// bookworm-security: about 12,000 stanzas over several architectures, several versions per package, full stanza
/// text), parsed from bytes and matched.</summary>
[MemoryDiagnoser]
public class PackageMatchingBenchmarks
{
    public const int Installed = 5_000;
    private byte[] _securityIndex = [];
    private byte[] _updatesIndex = [];
    private List<InstalledPackage> _installed = [];
    private List<AptRepositoryData> _repositories = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        var names = Enumerable.Range(0, 6_000).Select(i => $"lib{Word(random)}{i % 97}-{Word(random)}").Distinct(StringComparer.Ordinal).ToList();
        _securityIndex = Index(names.Take(4_000), random, stanzasPerName: 3);
        _updatesIndex = Index(names.Skip(2_000).Take(1_000), random, stanzasPerName: 1);
        _installed = names.Take(Installed).Select((n, i) => new InstalledPackage(PackageType.Deb, n,
            i % 4 == 0 ? "99:9.9-9" : Synthetic.DebianVersion(random), i % 5 == 0 ? "all" : "amd64")).ToList();
        _repositories = Parse();
        var (security, _) = AptMatcher.Match(_installed, _repositories);
        if (security.Count < 1000) throw new InvalidOperationException($"only {security.Count} missing updates: the index is not realistic");
    }

    [Benchmark(Description = "parse index + match 5,000 packages")]
    public int ParseAndMatch()
    {
        var (security, other) = AptMatcher.Match(_installed, Parse());
        return security.Count + other.Count;
    }

    [Benchmark(Description = "match 5,000 packages (index parsed)")]
    public int MatchOnly()
    {
        var (security, other) = AptMatcher.Match(_installed, _repositories);
        return security.Count + other.Count;
    }

    private List<AptRepositoryData> Parse()
    {
        var security = new PackagesIndex();
        security.Add(_securityIndex);
        var updates = new PackagesIndex();
        updates.Add(_updatesIndex);
        return
        [
            Repo("bookworm-security", security, true),
            Repo("bookworm-updates", updates, false),
        ];
    }

    private static AptRepositoryData Repo(string suite, PackagesIndex index, bool security) =>
        new(new RepositorySource(RepositoryKind.Deb, suite, ["http://deb.example.invalid/debian"]) { Suite = suite },
            new RepositoryMetadata(suite, $"http://deb.example.invalid/debian/dists/{suite}/InRelease", null, "sha256:00", security),
            index, true);

    private static byte[] Index(IEnumerable<string> names, Random random, int stanzasPerName)
    {
        var sb = new StringBuilder();
        string[] archs = ["amd64", "all", "i386", "arm64"];
        foreach (var name in names)
            for (var s = 0; s < stanzasPerName; s++)
            {
                var version = Synthetic.DebianVersion(random);
                sb.Append("Package: ").Append(name).Append('\n')
                  .Append("Source: ").Append(name).Append(" (").Append(version).Append(")\n")
                  .Append("Version: ").Append(version).Append('\n')
                  .Append("Installed-Size: ").Append(random.Next(10, 90_000)).Append('\n')
                  .Append("Maintainer: Debian Security Team <team@security.example.invalid>\n")
                  .Append("Architecture: ").Append(archs[s % archs.Length]).Append('\n')
                  .Append("Depends: libc6 (>= 2.36), libssl3 (>= 3.0.0), zlib1g (>= 1:1.2.0)\n")
                  .Append("Description: ").Append(name).Append(" shared library\n")
                  .Append(" A long description line that the index parser must skip over quickly.\n .\n Second paragraph.\n")
                  .Append("Homepage: https://example.invalid/").Append(name).Append('\n')
                  .Append("Description-md5: ").Append(Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()))).Append('\n')
                  .Append("Section: libs\nPriority: optional\n")
                  .Append("Filename: pool/updates/main/").Append(name[..4]).Append('/').Append(name).Append('_').Append(version).Append("_amd64.deb\n")
                  .Append("Size: ").Append(random.Next(1000, 9_000_000)).Append('\n')
                  .Append("SHA256: ").Append(Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()))).Append(Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()))).Append("\n\n");
            }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string Word(Random random)
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        var n = random.Next(3, 9);
        return string.Create(n, random, (span, r) => { for (var i = 0; i < span.Length; i++) span[i] = letters[r.Next(letters.Length)]; });
    }
}
