using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Publishing;
using ImageGate.Lists;
using ImageGate.Testing;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Endorsement.Tests.Publishing;

public sealed class ListPublisherTests
{
    private sealed class RecordingSigner : IListSigner
    {
        public byte[]? Signed { get; private set; }

        public Task<string> SignAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            Signed = content.ToArray();
            return Task.FromResult($"{{\"digest\":\"{Convert.ToHexStringLower(SHA256.HashData(content.Span))}\"}}");
        }
    }

    /// <summary>Verifies what <see cref="RecordingSigner"/> signed: the digest in the bundle must be the list's.</summary>
    private sealed class RecordingVerifier : IPublishedListVerifier
    {
        public Task<long> VerifyVersionAsync(ReadOnlyMemory<byte> list, string bundleJson, string source, CancellationToken cancellationToken)
        {
            using var bundle = JsonDocument.Parse(bundleJson);
            if (bundle.RootElement.GetProperty("digest").GetString() != Convert.ToHexStringLower(SHA256.HashData(list.Span)))
                throw new VerificationException("signature", $"{source}: the signature does not match");
            using var doc = JsonDocument.Parse(list);
            return Task.FromResult(doc.RootElement.GetProperty("version").GetInt64());
        }
    }

    /// <summary>A repository with three versions merged: one current, one revoked, one expired.</summary>
    private static async Task<(string Origin, TestInputs.ImageSet Current)> RepositoryAsync(TempDirectory temp, CancellationToken ct)
    {
        var origin = TestInputs.CreateOrigin(temp);
        var endorser = new Endorser(TestInputs.GitClient, TestInputs.Signatures);
        var current = TestInputs.CreateImage(temp, "debian12");
        var revoked = TestInputs.CreateImage(temp, "debian12", seed: 2);
        var expired = TestInputs.CreateImage(temp, "alma9", seed: 3);
        var n = 20;
        foreach (var (set, name, version, expires) in new[] { (current, "debian12", "2", (DateTimeOffset?)null), (revoked, "debian12", "1", null), (expired, "alma9", "9.3", DateTimeOffset.UtcNow.AddDays(-1)) })
        {
            var r = await endorser.EndorseAsync(new EndorseRequest
            {
                ImagePath = set.Image, Name = name, Version = version, ReportPath = set.Report, BundlePath = set.Bundle,
                Uri = $"https://example.org/{name}-{version}.qcow2", Repository = new ListRepository(origin), Expires = expires,
                Description = $"{name} for grid jobs", Hepix = new HepixHints("QEMU,KVM", 2, 2048),
            }, ct);
            TestInputs.MergeBranch(temp, origin, r.Branch, n++);
        }
        var rv = await endorser.RevokeAsync(new RevokeRequest { Image = new ImageReference("debian12", "1"), Reason = "superseded", RevokedBy = "ops", Repository = new ListRepository(origin) }, ct);
        TestInputs.MergeBranch(temp, origin, rv.Branch, n);
        return (origin, current);
    }

    [Fact]
    public async Task Publish_lists_only_current_images_signs_them_and_writes_HEPiX_with_its_field_names()
    {
        using var temp = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var (origin, current) = await RepositoryAsync(temp, ct);
        var signer = new RecordingSigner();
        var now = DateTimeOffset.UtcNow;
        var output = temp.Combine("out");

        var result = await new ListPublisher(TestInputs.GitClient).PublishAsync(new PublishRequest
        {
            Repository = new ListRepository(origin), OutputDirectory = output, Signer = signer, Hepix = true,
            Endorser = new EndorserIdentity("VO Security Team", "security@vo.example", "/C=EU/O=VO/CN=Security", "/C=EU/O=VO/CN=VO CA", TestInputs.WorkflowIdentity),
        }, ct);

        var image = Assert.Single(result.List.Images);
        Assert.Equal(("debian12", "2", current.Sha256), (image.Name, image.Version, image.Sha256));
        var listBytes = File.ReadAllBytes(Path.Combine(output, ListPublisher.ListFile));
        Assert.Equal(listBytes, signer.Signed);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(listBytes)), File.ReadAllText(Path.Combine(output, ListPublisher.BundleFile)));
        using var list = JsonDocument.Parse(listBytes);
        var root = list.RootElement;
        foreach (var key in new[] { "version", "created", "expires", "endorser", "images" })
            Assert.True(root.TryGetProperty(key, out _), key);
        var img = root.GetProperty("images")[0];
        foreach (var key in new[] { "identifier", "name", "version", "sha256", "sha512", "size", "uri", "os", "arch", "format" })
            Assert.True(img.TryGetProperty(key, out _), key);
        var created = DateTimeOffset.Parse(root.GetProperty("created").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var expires = DateTimeOffset.Parse(root.GetProperty("expires").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromDays(28), expires - created);
        Assert.InRange(created, now.AddSeconds(-5), now.AddSeconds(5));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", root.GetProperty("created").GetString()!);

        using var hepix = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, ListPublisher.HepixFile)));
        var il = hepix.RootElement.GetProperty("hv:imagelist");
        Assert.Equal(["dc:identifier", "dc:date:created", "dc:date:expires", "dc:title", "dc:description", "dc:source", "hv:version", "hv:uri", "hv:endorser", "hv:images"],
            il.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", il.GetProperty("dc:date:expires").GetString()!);
        var x509 = il.GetProperty("hv:endorser").GetProperty("hv:x509");
        Assert.Equal(["hv:ca", "hv:dn", "hv:email", "dc:creator"], x509.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("/C=EU/O=VO/CN=Security", x509.GetProperty("hv:dn").GetString());
        var hImage = il.GetProperty("hv:images")[0].GetProperty("hv:image");
        Assert.Equal(["dc:title", "dc:description", "hv:size", "sl:checksum:sha512", "sl:arch", "hv:uri", "dc:identifier", "sl:os", "sl:osversion", "sl:comments", "hv:hypervisor", "hv:version", "hv:format",
            "sl:osname", "dc:date:created", "dc:date:expires", "ad:group", "ad:mpuri", "ad:user:fullname", "ad:user:guid", "ad:user:uri"],
            hImage.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(current.Sha512, hImage.GetProperty("sl:checksum:sha512").GetString());
        Assert.Equal(current.Size, hImage.GetProperty("hv:size").GetInt64());
        Assert.Equal("2", hImage.GetProperty("hv:version").GetString());
    }

    [Fact]
    public async Task The_list_version_never_goes_down_and_expiry_options_are_checked()
    {
        using var temp = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var origin = TestInputs.CreateOrigin(temp);
        var output = temp.Combine("out");
        var request = new PublishRequest { Repository = new ListRepository(origin), OutputDirectory = output, Signer = new RecordingSigner(), PreviousListVerifier = new RecordingVerifier(), Endorser = new EndorserIdentity("t", null, null, null, null) };
        var first = await new ListPublisher(TestInputs.GitClient).PublishAsync(request, ct);
        var second = await new ListPublisher(TestInputs.GitClient).PublishAsync(request, ct);
        Assert.True(second.List.Version > first.List.Version);
        Assert.Empty(second.List.Images);

        // A previous list this publisher cannot verify (here: edited after signing) never sets the version.
        var previous = File.ReadAllText(Path.Combine(output, ListPublisher.ListFile)).Replace($"\"version\": {second.List.Version}", "\"version\": 9223372036854775806", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(output, ListPublisher.ListFile), previous);
        var third = await new ListPublisher(TestInputs.GitClient).PublishAsync(request, ct);
        Assert.InRange(third.List.Version, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        Assert.Contains(third.Warnings, w => w.Contains("ignored as the previous list", StringComparison.Ordinal));

        var at = DateTimeOffset.UtcNow.AddDays(3);
        var fixedAt = await new ListPublisher(TestInputs.GitClient).PublishAsync(request with { ExpiresAt = at }, ct);
        Assert.Equal(at.ToUnixTimeSeconds(), fixedAt.List.Expires.ToUnixTimeSeconds());
        var ex = await Assert.ThrowsAsync<BadInputException>(() => new ListPublisher(TestInputs.GitClient).PublishAsync(request with { ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1) }, ct));
        Assert.Contains("expire", ex.Message);
    }

    [Fact]
    public void The_next_version_is_checked_and_an_implausible_previous_version_is_refused()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        Assert.Equal(1_800_000_000, ListPublisher.NextVersion(0, now));
        Assert.Equal(1_800_000_011, ListPublisher.NextVersion(1_800_000_010, now));
        Assert.Equal(1_800_000_000 + 365 * 86400 + 1, ListPublisher.NextVersion(1_800_000_000 + 365 * 86400, now));
        foreach (var previous in new[] { 1_800_000_000 + 365 * 86400 + 1, long.MaxValue - 1, long.MaxValue })
        {
            var ex = Assert.Throws<VerificationException>(() => ListPublisher.NextVersion(previous, now));
            Assert.Equal(ListPublisher.ImplausibleVersionReason, ex.Reason);
            Assert.Contains("site-guide.md", ex.Message);
        }
    }

    [Fact]
    public async Task The_SMIME_signed_HEPiX_list_verifies_with_openssl_against_the_CA_and_tampering_fails()
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var origin = TestInputs.CreateOrigin(temp);
        var pki = Pki.Create(temp);
        var output = temp.Combine("out");

        await new ListPublisher(TestInputs.GitClient).PublishAsync(new PublishRequest
        {
            Repository = new ListRepository(origin), OutputDirectory = output, Signer = new RecordingSigner(), Hepix = true,
            HepixSignerCertificatePath = pki.Cert, HepixSignerKeyPath = pki.Key, Endorser = new EndorserIdentity("VO Security Team", null, null, null, null),
        }, ct);

        var signed = Path.Combine(output, ListPublisher.HepixSignedFile);
        var verify = ExternalProcess.Run("openssl", ["smime", "-verify", "-in", signed, "-CAfile", pki.Ca, "-out", temp.Combine("content.json")]);
        Assert.True(verify.ExitCode == 0, verify.StandardError);
        Assert.Contains("Verification successful", verify.StandardError);
        using var content = JsonDocument.Parse(File.ReadAllBytes(temp.Combine("content.json")));
        var x509 = content.RootElement.GetProperty("hv:imagelist").GetProperty("hv:endorser").GetProperty("hv:x509");
        Assert.Equal("/C=EU/O=Test VO/CN=Image Endorser", x509.GetProperty("hv:dn").GetString());
        Assert.Equal("/C=EU/O=Test VO/CN=Test VO CA", x509.GetProperty("hv:ca").GetString());
        Assert.Equal("endorser@vo.example", x509.GetProperty("hv:email").GetString());

        var tampered = File.ReadAllText(signed).Replace("ImageGate endorsed images", "ImageGate endorsed imagez", StringComparison.Ordinal);
        File.WriteAllText(temp.Combine("tampered.smime"), tampered);
        var bad = ExternalProcess.Run("openssl", ["smime", "-verify", "-in", temp.Combine("tampered.smime"), "-CAfile", pki.Ca, "-out", "/dev/null"]);
        Assert.NotEqual(0, bad.ExitCode);

        var otherCa = Pki.Create(temp, "other");
        var wrongCa = ExternalProcess.Run("openssl", ["smime", "-verify", "-in", signed, "-CAfile", otherCa.Ca, "-out", "/dev/null"]);
        Assert.NotEqual(0, wrongCa.ExitCode);
    }

    private static PublishRequest SmimeRequest(TempDirectory temp, Pki pki, EndorserIdentity? endorser = null) => new()
    {
        Repository = new ListRepository(TestInputs.CreateOrigin(temp)), OutputDirectory = temp.Combine("out"), Signer = new RecordingSigner(), Hepix = true,
        HepixSignerCertificatePath = pki.Cert, HepixSignerKeyPath = pki.Key, Endorser = endorser ?? new EndorserIdentity("VO Security Team", null, null, null, null),
    };

    [Theory]
    [InlineData("keyUsage=nonRepudiation")]
    [InlineData("extendedKeyUsage=emailProtection")]
    [InlineData("keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth,emailProtection")]
    [InlineData("nsCertType=email")]
    [InlineData("basicConstraints=CA:FALSE")]
    public async Task An_SMIME_signer_certificate_publish_accepts_verifies_with_openssl_smime_verify(string extensions)
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        var pki = Pki.Create(temp, extensions: extensions);
        var request = SmimeRequest(temp, pki);
        await new ListPublisher(TestInputs.GitClient).PublishAsync(request, TestContext.Current.CancellationToken);
        var verify = ExternalProcess.Run("openssl", ["smime", "-verify", "-in", Path.Combine(request.OutputDirectory, ListPublisher.HepixSignedFile), "-CAfile", pki.Ca, "-out", "/dev/null"]);
        Assert.True(verify.ExitCode == 0, verify.StandardError);
    }

    [Theory]
    [InlineData("keyUsage=keyEncipherment", "digitalSignature")]
    [InlineData("keyUsage=keyCertSign\nextendedKeyUsage=emailProtection", "digitalSignature")]
    [InlineData("extendedKeyUsage=codeSigning", "emailProtection")]
    [InlineData("extendedKeyUsage=anyExtendedKeyUsage", "emailProtection")]
    [InlineData("nsCertType=server", "Netscape")]
    public async Task Publish_refuses_an_SMIME_signer_certificate_openssl_smime_verify_rejects_and_writes_nothing(string extensions, string named)
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        var pki = Pki.Create(temp, extensions: extensions);
        var request = SmimeRequest(temp, pki);
        var ex = await Assert.ThrowsAsync<BadInputException>(() => new ListPublisher(TestInputs.GitClient).PublishAsync(request, TestContext.Current.CancellationToken));
        Assert.Equal(pki.Cert, ex.Path);
        Assert.Contains(named, ex.Message);
        Assert.False(Directory.Exists(request.OutputDirectory) && Directory.EnumerateFileSystemEntries(request.OutputDirectory).Any());

        // The cross-check: openssl itself signs with it, and its own verify refuses the result for the same reason.
        File.WriteAllText(temp.Combine("in.json"), "{}\n");
        var sign = ExternalProcess.Run("openssl", ["smime", "-sign", "-in", temp.Combine("in.json"), "-signer", pki.Cert, "-inkey", pki.Key, "-out", temp.Combine("in.smime")]);
        Assert.True(sign.ExitCode == 0, sign.StandardError);
        var verify = ExternalProcess.Run("openssl", ["smime", "-verify", "-in", temp.Combine("in.smime"), "-CAfile", pki.Ca, "-out", "/dev/null"]);
        Assert.NotEqual(0, verify.ExitCode);
        Assert.Contains("unsuitable certificate purpose", verify.StandardError);
    }

    [Fact]
    public async Task Publish_refuses_an_endorser_dn_or_ca_that_is_not_the_SMIME_certificates_and_writes_the_certificates_own()
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var pki = Pki.Create(temp);
        var request = SmimeRequest(temp, pki);

        var dn = await Assert.ThrowsAsync<BadInputException>(() => new ListPublisher(TestInputs.GitClient).PublishAsync(
            request with { Endorser = request.Endorser with { Dn = "/C=EU/O=Test VO/CN=Someone Else" } }, ct));
        Assert.Contains("--endorser-dn", dn.Message);
        Assert.Contains("/C=EU/O=Test VO/CN=Image Endorser", dn.Message);
        var ca = await Assert.ThrowsAsync<BadInputException>(() => new ListPublisher(TestInputs.GitClient).PublishAsync(
            request with { Endorser = request.Endorser with { Ca = "/C=EU/O=Other/CN=Other CA" } }, ct));
        Assert.Contains("--endorser-ca", ca.Message);
        Assert.False(Directory.Exists(request.OutputDirectory) && Directory.EnumerateFileSystemEntries(request.OutputDirectory).Any());

        // The same names in the other notation are the certificate's: the list says them as openssl prints them.
        await new ListPublisher(TestInputs.GitClient).PublishAsync(request with
        {
            Endorser = request.Endorser with { Dn = "CN=Image Endorser, O=Test VO, C=EU", Ca = "/C=EU/O=Test VO/CN=Test VO CA" },
        }, ct);
        using var hepix = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(request.OutputDirectory, ListPublisher.HepixFile)));
        var x509 = hepix.RootElement.GetProperty("hv:imagelist").GetProperty("hv:endorser").GetProperty("hv:x509");
        Assert.Equal("/C=EU/O=Test VO/CN=Image Endorser", x509.GetProperty("hv:dn").GetString());
        Assert.Equal("/C=EU/O=Test VO/CN=Test VO CA", x509.GetProperty("hv:ca").GetString());
    }

    /// <summary>A test CA and an endorser certificate made with real openssl.</summary>
    internal sealed record Pki(string Ca, string Cert, string Key)
    {
        public const string EndorserExtensions = "keyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection\nsubjectAltName=email:endorser@vo.example";

        public static Pki Create(TempDirectory temp, string prefix = "pki", string extensions = EndorserExtensions)
        {
            var dir = temp.Combine(prefix);
            Directory.CreateDirectory(dir);
            string P(string f) => Path.Combine(dir, f);
            void Run(params string[] args)
            {
                var r = ExternalProcess.Run("openssl", args, workingDirectory: dir);
                if (r.ExitCode != 0) throw new InvalidOperationException($"openssl {string.Join(' ', args)}: {r.StandardError}");
            }
            File.WriteAllText(P("ext.cnf"), extensions + "\n");
            Run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", P("ca.key"), "-out", P("ca.pem"), "-days", "2", "-subj", "/C=EU/O=Test VO/CN=Test VO CA");
            Run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", P("endorser.key"), "-out", P("endorser.csr"), "-subj", "/C=EU/O=Test VO/CN=Image Endorser");
            Run("x509", "-req", "-in", P("endorser.csr"), "-CA", P("ca.pem"), "-CAkey", P("ca.key"), "-CAcreateserial", "-out", P("endorser.pem"), "-days", "2", "-extfile", P("ext.cnf"));
            return new Pki(P("ca.pem"), P("endorser.pem"), P("endorser.key"));
        }
    }
}
