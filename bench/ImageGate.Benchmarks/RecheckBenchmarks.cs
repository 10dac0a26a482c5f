using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using ImageGate.Lists;
using ImageGate.Core.Packages;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Rechecking;
using ImageGate.Patches;
using ImageGate.Testing.Repositories;

namespace ImageGate.Benchmarks;

/// <summary><c>recheck</c> of a list repository of 1,000 endorsed images whose recorded inventories (400 packages each)
/// all name one apt security repository: a real signed repository (InRelease clear-signed by a throw-away gpg key,
/// Packages and Packages.gz with their SHA-256 in it) served on 127.0.0.1 by a server that counts requests. The setup
/// checks that each metadata file is asked for once per run and prints the counts.</summary>
[MemoryDiagnoser]
public class RecheckBenchmarks
{
    public const int Images = 1_000;
    private const int Installed = 400;
    private string _dir = "";
    private RepositoryServer _server = null!;
    private RecheckRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("imagegate-bench-recheck").FullName;
        var repo = Path.Combine(_dir, "repo");
        var key = SignedRepository(repo);
        _server = new RepositoryServer(repo);
        var list = Path.Combine(_dir, "list");
        ListRepository(list, key, $"{_server.BaseUrl}/debian-security");
        _request = new RecheckRequest { Repository = new ListRepository(list), DryRun = true };

        var result = Recheck();
        if (result.Images.Count != Images || result.AnyFailed)
            throw new InvalidOperationException($"expected {Images} checked images, got {result.Images.Count} ({string.Join("; ", result.Images.Where(i => i.Status == RecheckStatus.Failed).Select(i => i.Message).Take(3))})");
        var fetched = _server.Requests.GroupBy(p => p, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Count()))
            .OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        Console.WriteLine($"// recheck of {Images} images sharing one repository: {fetched.Sum(r => r.Value)} requests: "
            + string.Join(", ", fetched.Select(r => $"{r.Key} x{r.Value}")));
        if (fetched.Any(r => r.Value != 1))
            throw new InvalidOperationException("a metadata file was fetched more than once in one recheck run");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Description = "recheck 1,000 endorsed images sharing one repository")]
    public RecheckResult Recheck()
    {
        _server.Requests.Clear();
        return new Rechecker(new ImageGate.Git.GitCli()).RecheckAsync(_request, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>dists/bookworm-security of a repository signed by a new gpg key; returns the armoured public key.</summary>
    private static byte[] SignedRepository(string root)
    {
        var dist = Path.Combine(root, "debian-security", "dists", "bookworm-security");
        var binary = Path.Combine(dist, "main", "binary-amd64");
        Directory.CreateDirectory(binary);
        var packages = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
            packages.Append(CultureInfo.InvariantCulture, $"Package: pkg{i:D4}\nSource: src{i / 3:D4}\nVersion: 1.0-{(i % 50 == 0 ? 2 : 1)}+deb12u1\nArchitecture: amd64\nMaintainer: Bench <bench@example.org>\nInstalled-Size: {i % 900}\nFilename: pool/main/s/src{i / 3:D4}/pkg{i:D4}_1.0-1_amd64.deb\nSize: {1000 + i}\nSHA256: {Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i)))}\nDescription: benchmark package {i}\n\n");
        var plain = Encoding.UTF8.GetBytes(packages.ToString());
        File.WriteAllBytes(Path.Combine(binary, "Packages"), plain);
        using (var gz = new GZipStream(File.Create(Path.Combine(binary, "Packages.gz")), CompressionLevel.Optimal))
            gz.Write(plain);
        var now = DateTimeOffset.UtcNow;
        string Date(DateTimeOffset t) => t.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        var release = new StringBuilder()
            .Append("Origin: Debian\nLabel: Debian-Security\nSuite: bookworm-security\nCodename: bookworm-security\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {Date(now.AddHours(-1))}\nValid-Until: {Date(now.AddDays(7))}\n")
            .Append("Architectures: amd64\nComponents: main\nDescription: ImageGate benchmark repository\nSHA256:\n");
        foreach (var name in (string[])["main/binary-amd64/Packages", "main/binary-amd64/Packages.gz"])
        {
            var bytes = File.ReadAllBytes(Path.Combine(dist, name));
            release.Append(CultureInfo.InvariantCulture, $" {Convert.ToHexStringLower(SHA256.HashData(bytes))} {bytes.Length} {name}\n");
        }
        File.WriteAllText(Path.Combine(dist, "Release"), release.ToString());

        var home = Path.Combine(root, "..", "gnupg");
        Directory.CreateDirectory(home);
        var env = new Dictionary<string, string> { ["GNUPGHOME"] = Path.GetFullPath(home) };
        string Gpg(params string[] args) => Programs.Run("gpg", ["--batch", "--yes", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", "", .. args], environment: env);
        Gpg("--quick-gen-key", "ImageGate Bench Repository <repo@example.invalid>", "rsa2048", "sign", "never");
        Gpg("--digest-algo", "SHA256", "--output", Path.Combine(dist, "InRelease"), "--clearsign", Path.Combine(dist, "Release"));
        var key = Encoding.ASCII.GetBytes(Gpg("--armor", "--export"));
        Programs.Run("gpgconf", ["--kill", "all"], environment: env);
        return key;
    }

    /// <summary>A git list repository of <see cref="Images"/> endorsed images, each with its recorded inventory.</summary>
    private static void ListRepository(string dir, byte[] key, string repositoryUrl)
    {
        Directory.CreateDirectory(dir);
        Programs.Run("git", ["init", "-q", "-b", "main", dir], environment: Programs.GitEnvironment);
        var source = new RepositorySource(RepositoryKind.Deb, $"{repositoryUrl} bookworm-security", [repositoryUrl])
        {
            Suite = "bookworm-security",
            Components = ["main"],
            Architectures = ["amd64"],
            Keys = [new TrustedKey("/etc/apt/trusted.gpg.d/bench.asc", key)],
            ConfiguredIn = "/etc/apt/sources.list",
        };
        var os = new ImageGate.Lists.OperatingSystem("debian", "12", "Debian GNU/Linux 12 (bookworm)");
        var now = DateTimeOffset.UtcNow.AddDays(-1);
        for (var i = 0; i < Images; i++)
        {
            var name = $"image{i % 100:D2}";
            var version = $"2026.{i / 100 + 1}";
            var seed = Encoding.UTF8.GetBytes(name + version);
            var folder = Path.Combine(dir, ListFormat.VersionFolder(name, version));
            Directory.CreateDirectory(folder);
            var record = new ImageRecord
            {
                Identifier = $"{name}-{version}",
                Name = name,
                Version = version,
                Os = os,
                Arch = "x86_64",
                Format = "qcow2",
                Size = 1L << 30,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(seed)),
                Sha512 = Convert.ToHexStringLower(SHA512.HashData(seed)),
                Uri = $"https://images.example.org/{name}/{version}/{name}.qcow2",
                Created = now,
                BuiltBy = new BuildProvenance("https://github.com/example/images/.github/workflows/build.yml", null, null),
                ScanPassed = true,
                Hepix = new HepixHints("QEMU,KVM", null, null),
            };
            File.WriteAllBytes(Path.Combine(folder, ListFormat.RecordFile), ListJson.Serialize(record));
            var inventory = new InventoryRecord
            {
                Os = os,
                // Each image installs 400 of the repository's packages (a different window per image), some at old versions.
                Packages = Enumerable.Range(0, Installed).Select(n => (n + i * 7) % 5_000)
                    .Select(n => new InstalledPackage(PackageType.Deb, $"pkg{n:D4}", n % 100 == 0 ? "1.0-0+deb12u1" : "1.0-1+deb12u1", "amd64")).ToList(),
                Repositories = [source],
            };
            File.WriteAllBytes(Path.Combine(folder, ListFormat.InventoryFile), inventory.ToJson());
        }
        Programs.Run("git", ["-C", dir, "add", "-A"], environment: Programs.GitEnvironment);
        Programs.Run("git", ["-C", dir, "commit", "-q", "-m", "1,000 endorsed images"], environment: Programs.GitEnvironment);
    }
}
