using System.Security.Cryptography;
using System.Text.Json;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Publishing;
using ImageGate.Lists;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using ImageGate.Testing.Sites;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Endorsement.Tests.Publishing;

/// <summary>The S/MIME-signed HEPiX list <c>publish --hepix</c> writes, synced by EGI's own client: atrope 2.1.0's code
/// (from its source archive in ../shared/atrope, or IMAGEGATE_ATROPE_DIR) run as a site runs it, with its <c>noop</c>
/// dispatcher, a local cache and Debian's python3 packages.</summary>
public sealed class AtropeHepixTests
{
    private const string ListName = "imagegate";

    [Fact]
    public async Task Atrope_syncs_the_published_list_as_verified_trusted_not_expired_and_downloads_every_image()
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        var ct = TestContext.Current.CancellationToken;
        var atrope = AtropeRunner.Unpack(temp);
        var pki = SmimePki.Create(temp.Combine("pki"));

        // The images, served with the list on 127.0.0.1.
        var www = temp.Combine("www");
        Directory.CreateDirectory(Path.Combine(www, "images"));
        using var server = new RepositoryServer(www);
        var origin = TestInputs.CreateOrigin(temp);
        var endorser = new Endorser(TestInputs.GitClient, TestInputs.Signatures);
        var images = new List<TestInputs.ImageSet>();
        var n = 40;
        foreach (var (name, version, seed, expires) in new[] { ("debian12", "12.8", 5, (DateTimeOffset?)DateTimeOffset.UtcNow.AddDays(5)), ("alma9", "9.5", 6, null) })
        {
            var set = TestInputs.CreateImage(temp, name, seed);
            File.Copy(set.Image, Path.Combine(www, "images", $"{name}-{version}.qcow2"));
            var r = await endorser.EndorseAsync(new EndorseRequest
            {
                ImagePath = set.Image, Name = name, Version = version, ReportPath = set.Report, BundlePath = set.Bundle,
                Uri = $"{server.BaseUrl}/images/{name}-{version}.qcow2", Repository = new ListRepository(origin), Expires = expires,
                Description = $"{name} for grid jobs", Hepix = new HepixHints("QEMU,KVM", 1, 1024),
            }, ct);
            TestInputs.MergeBranch(temp, origin, r.Branch, n++);
            images.Add(set);
        }

        var listUri = $"{server.BaseUrl}/list/{ListPublisher.HepixSignedFile}";
        await new ListPublisher(TestInputs.GitClient).PublishAsync(new PublishRequest
        {
            Repository = new ListRepository(origin), OutputDirectory = Path.Combine(www, "list"), Signer = new NullListSigner(), Hepix = true,
            HepixSignerCertificatePath = pki.Cert, HepixSignerKeyPath = pki.Key, ListUri = listUri, Vo = "vo.example.org",
            EndorserUri = "https://vo.example.org/endorsers", Endorser = new EndorserIdentity("VO Image Team", null, null, null, null),
        }, ct);

        // The site's configuration: the endorser as openssl prints the certificate's names (-nameopt compat, slash form).
        var dn = OpensslName(pki.Cert, "-subject");
        var ca = OpensslName(pki.Cert, "-issuer");
        atrope.Configure($"""
            {ListName}:
                url: "{listUri}"
                enabled: true
                endorser:
                    dn: {JsonSerializer.Serialize(dn)}
                    ca: {JsonSerializer.Serialize(ca)}
                images: []
            """, pki.CaPath);

        var sync = atrope.Run(["sync"], TimeSpan.FromMinutes(2));
        Assert.True(sync.ExitCode == 0, sync.StandardOutput + sync.StandardError);
        Assert.DoesNotContain("Error loading list", sync.StandardError + sync.StandardOutput);

        // Every image in atrope's cache, with the SHA-512 the list names.
        var cached = atrope.CachedImages(ListName);
        Assert.True(Directory.Exists(cached), "atrope cached no image: " + sync.StandardError);
        var files = Directory.GetFiles(cached).Select(f => Convert.ToHexStringLower(SHA512.HashData(File.ReadAllBytes(f)))).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(images.Select(i => i.Sha512).Order(StringComparer.Ordinal).ToArray(), files);

        // And atrope's own report of the list: verified, trusted, not expired, no error, both images.
        // (All lists: atrope 2.1.0's "verify NAME" passes the name where it wants the list.)
        var verify = atrope.Run(["verify"], TimeSpan.FromMinutes(2));
        Assert.True(verify.ExitCode == 0, verify.StandardOutput + verify.StandardError);
        var report = verify.StandardOutput;
        Assert.Matches(@"\|\s*verified\s*\|\s*True\s*\|", report);
        Assert.Matches(@"\|\s*trusted\s*\|\s*True\s*\|", report);
        Assert.Matches(@"\|\s*expired\s*\|\s*False\s*\|", report);
        Assert.DoesNotMatch(@"\|\s*error\s*\|", report);
        Assert.Contains(StableIdentifier.ForName("debian12"), report);
        Assert.Contains(StableIdentifier.ForName("alma9"), report);
    }

    private static string OpensslName(string cert, string which)
    {
        var r = Run("openssl", "x509", "-in", cert, "-noout", which, "-nameopt", "compat");
        var line = r.Trim();
        return line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string Run(string program, params string[] args)
    {
        var r = ExternalProcess.Run(program, args);
        if (r.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {r.StandardError}");
        return r.StandardOutput;
    }

    private sealed class NullListSigner : IListSigner
    {
        public Task<string> SignAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
            Task.FromResult($"{{\"digest\":\"{Convert.ToHexStringLower(SHA256.HashData(content.Span))}\"}}");
    }

    /// <summary>A CA in an <c>-CApath</c> folder (hashed by <c>openssl rehash</c>) and an S/MIME signer it issued
    /// (digitalSignature, emailProtection), made with real openssl.</summary>
    private sealed record SmimePki(string CaPath, string Cert, string Key)
    {
        public static SmimePki Create(string dir)
        {
            var caPath = Path.Combine(dir, "certificates");
            Directory.CreateDirectory(caPath);
            string P(string f) => Path.Combine(dir, f);
            File.WriteAllText(P("signer.cnf"), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\nsubjectAltName=email:images@vo.example.org\n");
            Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", P("ca.key"), "-out", Path.Combine(caPath, "test-vo-ca.pem"), "-days", "3",
                "-subj", "/DC=org/DC=example/C=EU/O=Test VO/CN=Test VO CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            Run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", P("signer.key"), "-out", P("signer.csr"),
                "-subj", "/DC=org/DC=example/C=EU/O=Test VO/OU=Images/CN=Image Endorser/emailAddress=images@vo.example.org");
            Run("openssl", "x509", "-req", "-in", P("signer.csr"), "-CA", Path.Combine(caPath, "test-vo-ca.pem"), "-CAkey", P("ca.key"), "-CAcreateserial",
                "-out", P("signer.pem"), "-days", "3", "-extfile", P("signer.cnf"));
            Run("openssl", "rehash", caPath);
            return new SmimePki(caPath, P("signer.pem"), P("signer.key"));
        }
    }
}
