using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using ImageGate.Signing.TrustRoot;
using ImageGate.Signing.Verification;
using ImageGate.Site.Verification;

namespace ImageGate.Benchmarks;

/// <summary>What <c>imagegate verify</c> does with a published list: read a 10,000-image endorsed list and its
/// key-signed Sigstore bundle from disk, check the signature with ImageGate.Signing's verifier, parse and check the
/// list strictly, and (second case) compare it with the state of the last accepted list.</summary>
[MemoryDiagnoser]
public class ListVerificationBenchmarks
{
    public const int Images = 10_000;
    private string _dir = "";
    private string _list = "";
    private SignerIdentity _signer = null!;
    private SignedListLoader _loader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("imagegate-bench-list").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var content = Compose(Images);
        _list = Path.Combine(_dir, "endorsed-images.json");
        File.WriteAllBytes(_list, content);
        File.WriteAllText(_list + ".sigstore.json", Sign(key, content));
        _signer = SignerIdentity.Key(key.ExportSubjectPublicKeyInfoPem());
        _loader = new SignedListLoader(new SigningVerifier(new BundleVerifier(TrustedRoot.PublicGood)));
        var verified = Verify(null);
        if (verified.List.Images.Count != Images) throw new InvalidOperationException($"expected {Images} images, got {verified.List.Images.Count}");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Description = "verify a signed list of 10,000 images")]
    public VerifiedList VerifyList() => Verify(null);

    [Benchmark(Description = "verify, with rollback state")]
    public VerifiedList VerifyListWithState() => Verify(Path.Combine(_dir, "state"));

    private VerifiedList Verify(string? state) =>
        _loader.LoadAsync(_list, null, _signer, state, _dir, CancellationToken.None).GetAwaiter().GetResult();

    internal static byte[] Compose(int count)
    {
        var images = new JsonArray();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var name = $"image-{i % 500:D3}";
            var version = $"2026.{i / 500 + 1}.{i % 7}";
            var seed = Encoding.UTF8.GetBytes(name + version);
            images.Add(new JsonObject
            {
                ["identifier"] = $"{name}-{version}",
                ["name"] = name,
                ["version"] = version,
                ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(seed)),
                ["sha512"] = Convert.ToHexStringLower(SHA512.HashData(seed)),
                ["size"] = 2_147_483_648L + i,
                ["uri"] = $"https://images.example.org/{name}/{version}/{name}.qcow2",
                ["os"] = (i % 3) switch { 0 => "debian-12", 1 => "almalinux-9", _ => "ubuntu-24.04" },
                ["arch"] = "x86_64",
                ["format"] = "qcow2",
            });
        }
        var root = new JsonObject
        {
            ["version"] = 42,
            ["created"] = Time(now.AddMinutes(-5)),
            ["expires"] = Time(now.AddDays(28)),
            ["endorser"] = new JsonObject { ["identity"] = "https://github.com/example/list/.github/workflows/publish.yml@refs/heads/main" },
            ["images"] = images,
        };
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A Sigstore bundle v0.3 with a messageSignature by <paramref name="key"/>, as <c>publish --key</c> writes.</summary>
    internal static string Sign(ECDsa key, byte[] content)
    {
        var digest = SHA256.HashData(content);
        var signature = key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
        return new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
            ["verificationMaterial"] = new JsonObject
            {
                ["publicKey"] = new JsonObject { ["hint"] = Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo())) },
                ["tlogEntries"] = new JsonArray(),
            },
            ["messageSignature"] = new JsonObject
            {
                ["messageDigest"] = new JsonObject { ["algorithm"] = "SHA2_256", ["digest"] = Convert.ToBase64String(digest) },
                ["signature"] = Convert.ToBase64String(signature),
            },
        }.ToJsonString();
    }

    /// <summary>The same adapter the CLI wires (ImageGate.Cli SigstoreSignatureVerifier) for key-signed lists.</summary>
    internal sealed class SigningVerifier(BundleVerifier verifier) : ISignatureVerifier
    {
        public Task VerifyAsync(ReadOnlyMemory<byte> content, string bundleJson, SignerIdentity expected, CancellationToken cancellationToken)
        {
            var policy = VerificationPolicy.ForPublicKeyPem(expected.PublicKeyPem!) with { RequireTransparencyLog = false };
            verifier.Verify(Encoding.UTF8.GetBytes(bundleJson), VerificationArtifact.FromBytes(content.ToArray(), "endorsed list"), policy);
            return Task.CompletedTask;
        }
    }
}
