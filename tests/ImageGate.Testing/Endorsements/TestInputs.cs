using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace ImageGate.Testing.Endorsements;

/// <summary>Test inputs made here: a list repository (bare origin with main), image files, scan reports, bundles, SBOMs.</summary>
public static class TestInputs
{
    /// <summary>The real git adapter the endorsement services run git through.</summary>
    public static readonly ImageGate.Endorsement.Git.IGitClient GitClient = new ImageGate.Git.GitCli();

    public static readonly Dictionary<string, string> GitEnv = new()
    {
        ["GIT_AUTHOR_NAME"] = "Test Reviewer",
        ["GIT_AUTHOR_EMAIL"] = "reviewer@example.org",
        ["GIT_COMMITTER_NAME"] = "Test Reviewer",
        ["GIT_COMMITTER_EMAIL"] = "reviewer@example.org",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };

    public static string Git(string dir, params string[] args)
    {
        ExternalProcess.Require("git");
        var r = ExternalProcess.Run("git", ["-C", dir, .. args], environment: GitEnv, timeout: TimeSpan.FromSeconds(60));
        if (r.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {r.StandardError}");
        return r.StandardOutput.Trim();
    }

    /// <summary>A bare origin with a first commit on main; returns its path.</summary>
    public static string CreateOrigin(TempDirectory temp)
    {
        var origin = temp.Combine("origin.git");
        var seed = temp.Combine("seed");
        Directory.CreateDirectory(origin);
        Directory.CreateDirectory(seed);
        Git(origin, "init", "-q", "--bare", "-b", "main");
        Git(seed, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(seed, "README.md"), "# Endorsed images\n");
        Git(seed, "add", "README.md");
        Git(seed, "commit", "-q", "-m", "Start the list");
        Git(seed, "push", "-q", origin, "main");
        return origin;
    }

    /// <summary>Merges a proposal branch into main of a bare origin as GitHub would (merge commit naming the PR).</summary>
    public static string MergeBranch(TempDirectory temp, string origin, string branch, int pr, string? approver = null)
    {
        var work = temp.Combine("merge-" + Guid.NewGuid().ToString("N"));
        ExternalProcess.Run("git", ["clone", "-q", origin, work], environment: GitEnv);
        Git(work, "fetch", "-q", "origin", $"{branch}:{branch}");
        var message = $"Merge pull request #{pr} from owner/{branch}\n\n{branch}" + (approver is null ? "" : $"\n\nApproved-by: {approver}");
        Git(work, "merge", "-q", "--no-ff", "-m", message, branch);
        Git(work, "push", "-q", "origin", "main");
        return Git(work, "rev-parse", "HEAD");
    }

    public sealed record ImageSet(string Image, string Report, string Bundle, string Sbom, string Sha256, string Sha512, long Size);

    /// <summary>Writes a qcow2-looking image and its report, bundle and SBOM.</summary>
    public static ImageSet CreateImage(TempDirectory temp, string name, int seed = 1, bool passed = true,
        IEnumerable<(string Name, string Version)>? packages = null, bool keyless = false, object[]? findings = null,
        object[]? licences = null)
    {
        var dir = temp.Combine($"{name}-{seed}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var bytes = new byte[64 * 1024 + seed];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0x51; bytes[1] = 0x46; bytes[2] = 0x49; bytes[3] = 0xfb;
        var image = Path.Combine(dir, $"{name}.qcow2");
        File.WriteAllBytes(image, bytes);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var sha512 = Convert.ToHexStringLower(SHA512.HashData(bytes));
        var pkgs = (packages ?? [("bash", "5.2.15-2+b2"), ("openssl", "3.0.11-1~deb12u2"), ("libc6", "2.36-9+deb12u3")]).ToList();
        var report = new
        {
            tool = "imagegate",
            image = new { path = image, sha256, sha512, size = bytes.LongLength, format = "qcow2" },
            os = new { id = "debian", versionId = "12", prettyName = "Debian GNU/Linux 12 (bookworm)" },
            passed,
            findings = findings ?? [
                new { ruleId = "accounts/empty-password", severity = "high", path = "/etc/shadow", message = "user <b>guest</b> | has an empty password", waived = true },
                new { ruleId = "traceability/syslog", severity = "low", path = (string?)null, message = "rsyslog not installed", waived = false },
            ],
        };
        var reportPath = Path.Combine(dir, "report.json");
        var reportNode = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(report))!.AsObject();
        if (licences is not null)
            reportNode["licences"] = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(new { packages = licences }));
        File.WriteAllText(reportPath, reportNode.ToJsonString());
        var sbom = new
        {
            spdxVersion = "SPDX-2.3",
            name,
            packages = pkgs.Select(p => new { name = p.Name, versionInfo = p.Version, SPDXID = "SPDXRef-" + p.Name }),
        };
        var sbomPath = Path.Combine(dir, "sbom.spdx.json");
        File.WriteAllText(sbomPath, JsonSerializer.Serialize(sbom));
        var bundlePath = Path.Combine(dir, "image.sigstore.json");
        File.WriteAllText(bundlePath, keyless ? KeylessBundle(sha256) : KeyBundle(sha256));
        return new ImageSet(image, reportPath, bundlePath, sbomPath, sha256, sha512, bytes.LongLength);
    }

    /// <summary>A passing scan report and a key bundle for an existing image file (e.g. a fixture image).</summary>
    public static ImageSet ForImage(TempDirectory temp, string image)
    {
        var dir = temp.Combine($"for-{Path.GetFileNameWithoutExtension(image)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string sha256, sha512;
        using (var s = File.OpenRead(image)) sha256 = Convert.ToHexStringLower(SHA256.HashData(s));
        using (var s = File.OpenRead(image)) sha512 = Convert.ToHexStringLower(SHA512.HashData(s));
        var size = new FileInfo(image).Length;
        var report = new
        {
            tool = "imagegate",
            image = new { path = image, sha256, sha512, size, format = "qcow2" },
            os = new { id = "debian", versionId = "12", prettyName = "Debian GNU/Linux 12 (bookworm)" },
            passed = true,
            findings = Array.Empty<object>(),
        };
        var reportPath = Path.Combine(dir, "report.json");
        File.WriteAllText(reportPath, JsonSerializer.Serialize(report));
        var bundlePath = Path.Combine(dir, "image.sigstore.json");
        File.WriteAllText(bundlePath, KeyBundle(sha256));
        return new ImageSet(image, reportPath, bundlePath, "", sha256, sha512, size);
    }

    /// <summary>The key every key bundle here is signed with (ECDSA P-256, as <c>imagegate sign --key</c> uses).</summary>
    private static readonly ECDsa SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>Writes the public half of the test signing key (PEM) into <paramref name="dir"/>; returns its path.</summary>
    public static string WritePublicKey(string dir)
    {
        var path = Path.Combine(dir, "signer.pub");
        File.WriteAllText(path, SigningKey.ExportSubjectPublicKeyInfoPem());
        return path;
    }

    /// <summary>The command-line options that verify the key bundles made here (no transparency log: air-gapped style).</summary>
    public static string[] KeyVerification(string dir) => ["--key", WritePublicKey(dir), "--insecure-ignore-tlog"];

    private static string Sign(ECDsa key, string sha256Hex) =>
        Convert.ToBase64String(key.SignHash(Convert.FromHexString(sha256Hex), DSASignatureFormat.Rfc3279DerSequence));

    /// <summary>A key-signed bundle (really signed with the test key) over the SHA-256 <paramref name="sha256Hex"/>.</summary>
    public static string KeyBundle(string sha256Hex) => KeyBundle(sha256Hex, SigningKey);

    /// <summary>A key-signed bundle signed with <paramref name="key"/>.</summary>
    public static string KeyBundle(string sha256Hex, ECDsa key) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
        ["verificationMaterial"] = new { publicKey = new { hint = "k3Y-h1nt" } },
        ["messageSignature"] = new { messageDigest = new { algorithm = "SHA2_256", digest = Convert.ToBase64String(Convert.FromHexString(sha256Hex)) }, signature = Sign(key, sha256Hex) },
    });

    /// <summary>The library's signature check in these tests: a real ECDSA check of the bundle's signature over the
    /// image digest, with the test key (key bundles) or the certificate's key (the self-made keyless bundles, whose
    /// SAN it reports; the trusted-root chain is ImageGate.Signing's and is tested through the command line).</summary>
    public static ImageGate.Endorsement.Endorsing.IImageSignatureVerifier Signatures { get; } = new TestSignatureVerifier();

    private sealed class TestSignatureVerifier : ImageGate.Endorsement.Endorsing.IImageSignatureVerifier
    {
        public ImageGate.Endorsement.Endorsing.VerifiedSigner Verify(ReadOnlyMemory<byte> bundleJson, string imagePath, string sha256Hex)
        {
            using var doc = JsonDocument.Parse(bundleJson);
            var root = doc.RootElement;
            var signature = Convert.FromBase64String(root.GetProperty("messageSignature").GetProperty("signature").GetString()!);
            var vm = root.GetProperty("verificationMaterial");
            X509Certificate2? cert = vm.TryGetProperty("certificate", out var c)
                ? X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c.GetProperty("rawBytes").GetString()!)) : null;
            using (cert)
            {
                using var key = cert?.GetECDsaPublicKey() ?? SigningKeyPublic();
                if (!key.VerifyHash(Convert.FromHexString(sha256Hex), signature, DSASignatureFormat.Rfc3279DerSequence))
                    throw new ImageGate.Core.Errors.VerificationException("signature-invalid", "signature: does not verify over the image");
                var summary = ImageGate.Endorsement.Inputs.BundleSummary.Parse(bundleJson, "bundle");
                return new ImageGate.Endorsement.Endorsing.VerifiedSigner
                {
                    Identity = summary.SignerIdentity,
                    Issuer = summary.SignerIssuer,
                    SourceRepository = cert?.Extensions["1.3.6.1.4.1.57264.1.12"] is { } ext
                        ? new AsnReader(ext.RawData, AsnEncodingRules.DER).ReadCharacterString(UniversalTagNumber.UTF8String) : null,
                    PublicKey = cert is null ? summary.PublicKeyHint : null,
                    LogIndex = summary.RekorLogIndex,
                };
            }
        }

        private static ECDsa SigningKeyPublic()
        {
            var k = ECDsa.Create();
            k.ImportSubjectPublicKeyInfo(SigningKey.ExportSubjectPublicKeyInfo(), out _);
            return k;
        }
    }

    public const string WorkflowIdentity = "https://github.com/vo/images/.github/workflows/build.yml@refs/heads/main";

    /// <summary>The repository the keyless bundles made here were signed for (certificate extension .1.12).</summary>
    public const string SourceRepository = "https://github.com/vo/images";

    public static string KeylessBundle(string sha256Hex)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("O=sigstore.dev", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(WorkflowIdentity));
        req.CertificateExtensions.Add(san.Build());
        var issuer = new AsnWriter(AsnEncodingRules.DER);
        issuer.WriteCharacterString(UniversalTagNumber.UTF8String, "https://token.actions.githubusercontent.com");
        req.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.57264.1.8", issuer.Encode(), false));
        var repository = new AsnWriter(AsnEncodingRules.DER);
        repository.WriteCharacterString(UniversalTagNumber.UTF8String, SourceRepository);
        req.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.57264.1.12", repository.Encode(), false));
        using var cert = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(10));
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
            ["verificationMaterial"] = new
            {
                certificate = new { rawBytes = Convert.ToBase64String(cert.RawData) },
                tlogEntries = new[] { new { logIndex = "123456789", integratedTime = "1795000000", logId = new { keyId = "wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=" } } },
            },
            ["messageSignature"] = new { messageDigest = new { algorithm = "SHA2_256", digest = Convert.ToBase64String(Convert.FromHexString(sha256Hex)) }, signature = Sign(key, sha256Hex) },
        });
    }

    public static string Utf8(byte[] b) => Encoding.UTF8.GetString(b);
}
