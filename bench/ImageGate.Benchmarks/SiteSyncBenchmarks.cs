using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using ImageGate.Lists;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Publishing;
using ImageGate.Signing.TrustRoot;
using ImageGate.Signing.Verification;
using ImageGate.Site.Sync;
using ImageGate.Site.Verification;

namespace ImageGate.Benchmarks;

/// <summary><c>site sync</c> of an unchanged list of 100,000 images: the list is written by the publisher's own
/// serializer (<c>ListJson</c> of an <c>EndorsedList</c>) and key-signed like <c>publish --key</c>; the setup puts every
/// image (16 bytes each) in the cache and runs a first sync that adopts them all. The measured sync verifies the list,
/// matches every entry to its cached image and changes nothing.</summary>
[MemoryDiagnoser]
public class SiteSyncBenchmarks
{
    public const int Images = 100_000;
    private string _dir = "";
    private SiteSync _sync = null!;
    private SiteSyncOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("imagegate-bench-sync").FullName;
        var cache = Path.Combine(_dir, "cache");
        var images = Path.Combine(cache, "images");
        Directory.CreateDirectory(images);
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var os = new ImageGate.Lists.OperatingSystem("debian", "12", null);
        var entries = new List<EndorsedImage>(Images);
        for (var i = 0; i < Images; i++)
        {
            // Short names and fields: 100,000 entries must stay under the reader's 64 MiB limit.
            var name = $"n{i % 1_000:D3}";
            var version = $"{i / 1_000}";
            var content = SHA256.HashData(Encoding.UTF8.GetBytes(name + version))[..16];
            File.WriteAllBytes(Path.Combine(images, $"{name}@{version}.qcow2"), content);
            entries.Add(new EndorsedImage
            {
                Identifier = $"{name}-{version}",
                Name = name,
                Version = version,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                Sha512 = Convert.ToHexStringLower(SHA512.HashData(content)),
                Size = content.Length,
                Uri = $"https://i.example/{name}/{version}",
                Os = os,
                Arch = "x86_64",
                Format = "qcow2",
                Created = now.AddDays(-1),
                BuiltBy = new BuildProvenance("b", null, null),
                Hepix = new HepixHints("KVM", null, null),
            });
        }
        var list = new EndorsedList
        {
            Version = now.ToUnixTimeSeconds(),
            Created = now.AddMinutes(-5),
            Expires = now.AddDays(28),
            Endorser = new EndorserIdentity("Bench", null, null, null, "https://github.com/example/list/.github/workflows/publish.yml@refs/heads/main"),
            Images = entries,
        };
        var listPath = Path.Combine(_dir, ListPublisher.ListFile);
        var bytes = ListJson.Serialize(list);
        Console.WriteLine($"// site sync: a list of {Images} images, {bytes.Length} bytes");
        File.WriteAllBytes(listPath, bytes);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(_dir, ListPublisher.BundleFile), ListVerificationBenchmarks.Sign(key, bytes));
        _options = new SiteSyncOptions
        {
            List = listPath,
            Signer = SignerIdentity.Key(key.ExportSubjectPublicKeyInfoPem()),
            Cache = cache,
            WorkingDirectory = _dir,
        };
        _sync = new SiteSync(new ListVerificationBenchmarks.SigningVerifier(new BundleVerifier(TrustedRoot.PublicGood)));

        var first = Run();
        if (first.Failures.Count > 0 || first.Images.Count(i => i.Status == CachedImageStatus.Available) != Images)
            throw new InvalidOperationException($"the first sync made {first.Images.Count} images available, {first.Failures.Count} failures ({first.Failures.FirstOrDefault()?.Message})");
        if (Run().Events.Count != 0) throw new InvalidOperationException("a sync of the unchanged list changed something");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Description = "site sync of an unchanged 100,000-image list")]
    public SyncResult SyncUnchanged() => Run();

    private SyncResult Run() => _sync.RunAsync(_options, CancellationToken.None).GetAwaiter().GetResult();
}
