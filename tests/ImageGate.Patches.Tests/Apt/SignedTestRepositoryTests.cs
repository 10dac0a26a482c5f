using System.Security.Cryptography;
using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Core.Packages;
using ImageGate.Patches.Tests.Support;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using ImageGate.Testing.Patches;

namespace ImageGate.Patches.Tests.Apt;

/// <summary>A small apt repository made here and signed with a throw-away key: Release + Release.gpg with
/// Packages.xz for one suite, a clear-signed InRelease with Packages.gz for the security suite; the image trusts
/// the key through a one-line <c>signed-by=</c> file and a deb822 inline <c>Signed-By</c> block.</summary>
public sealed class SignedTestRepositoryTests : IDisposable
{
    private readonly TempDirectory _dir = new("imagegate-aptrepo");
    private readonly TestGpgKey _key = new();

    private static readonly InstalledPackage[] Installed =
    [
        new(PackageType.Deb, "hello", "1.0-1", "amd64"),
        new(PackageType.Deb, "world", "2.0-1", "all"),
        new(PackageType.Deb, "tilde", "1.0~rc1-1", "amd64"),
        new(PackageType.Deb, "libfoo1", "1.0-1", "i386"),
    ];

    public SignedTestRepositoryTests()
    {
        ExternalProcess.Require("xz");
        ExternalProcess.Require("gzip");
        var repo = _dir.Combine("server", "repo");
        MakeSuite(repo, "stable", "Test", "Test", ".xz", inRelease: false, """
            Package: hello
            Version: 1.0-1
            Architecture: amd64

            Package: world
            Version: 2.1-1
            Architecture: all

            """);
        MakeSuite(repo, "stable-security", "Test", "Test-Security", ".gz", inRelease: true, """
            Package: hello
            Version: 1.0-2
            Architecture: amd64
            Source: hello-src

            Package: tilde
            Version: 1.0~rc1-1
            Architecture: amd64

            Package: libfoo1
            Version: 1.0-1+sec1
            Architecture: i386

            """);

        var root = _dir.Combine("image");
        Directory.CreateDirectory(Path.Combine(root, "etc/apt/sources.list.d"));
        Directory.CreateDirectory(Path.Combine(root, "etc/apt/keyrings"));
        Directory.CreateDirectory(Path.Combine(root, "var/lib/dpkg"));
        File.WriteAllText(Path.Combine(root, "var/lib/dpkg/arch"), "amd64\ni386\n");
        File.WriteAllText(Path.Combine(root, "etc/apt/keyrings/test.asc"), _key.PublicKeyArmored);
        File.WriteAllText(Path.Combine(root, "etc/apt/sources.list"), """
            # main archive
            deb [arch=amd64,i386 signed-by=/etc/apt/keyrings/test.asc] http://apt.example.invalid/repo stable main # trailing comment
            deb-src http://apt.example.invalid/repo stable main

            """);
        var inline = string.Join("\n", _key.PublicKeyArmored.TrimEnd().Split('\n').Select(l => " " + (l.Length == 0 ? "." : l)));
        File.WriteAllText(Path.Combine(root, "etc/apt/sources.list.d/security.sources"), $"""
            Types: deb
            URIs: http://apt.example.invalid/repo
            Suites: stable-security
            Components: main
            Signed-By:
            {inline}

            Types: deb
            URIs: http://disabled.example.invalid/
            Suites: nothing
            Components: main
            Enabled: no

            """);
        ImageRoot = root;
    }

    private string ImageRoot { get; }

    private void MakeSuite(string repo, string suite, string origin, string label, string compression, bool inRelease, string packages)
    {
        var dist = Path.Combine(repo, "dists", suite);
        var archDirs = new[] { "main/binary-amd64", "main/binary-i386" };
        var lines = new StringBuilder();
        foreach (var archDir in archDirs)
        {
            Directory.CreateDirectory(Path.Combine(dist, archDir));
            var arch = archDir.Split('-')[1];
            var text = Encoding.UTF8.GetBytes(string.Join("\n\n", packages.Split("\n\n").Where(s => s.Contains($"Architecture: {arch}") || s.Contains("Architecture: all"))) + "\n");
            var compressed = ExternalProcess.Run(compression == ".xz" ? "xz" : "gzip", ["-c"], input: text).RawOutput;
            File.WriteAllBytes(Path.Combine(dist, archDir, "Packages" + compression), compressed);
            lines.Append($" {Convert.ToHexStringLower(SHA256.HashData(text))} {text.Length} {archDir}/Packages\n");
            lines.Append($" {Convert.ToHexStringLower(SHA256.HashData(compressed))} {compressed.Length} {archDir}/Packages{compression}\n");
        }
        var release = $"""
            Origin: {origin}
            Label: {label}
            Suite: {suite}
            Codename: {suite}
            Date: Sat, 21 Nov 2026 00:00:00 UTC
            Valid-Until: Sat, 28 Nov 2026 00:00:00 UTC
            Architectures: amd64 i386
            Components: main
            SHA256:

            """ + lines;
        var releasePath = Path.Combine(dist, "Release");
        File.WriteAllText(releasePath, release);
        if (inRelease)
        {
            _key.ClearSign(releasePath, Path.Combine(dist, "InRelease"));
            File.Delete(releasePath);
        }
        else _key.DetachSign(releasePath, Path.Combine(dist, "Release.gpg"));
    }

    private async Task<PatchCheckResult> Check(RepositoryServer server)
    {
        using var image = new HostFileSystem(ImageRoot);
        return await new PatchChecker().CheckAsync(image, Installed, new OsRelease("debian", "13", null), new PatchCheckOptions
        {
            Mirrors = [MirrorRewrite.Parse($"http://apt.example.invalid/={server.BaseUrl}/")],
            TimeProvider = new FixedClock(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero)),
        }, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Release_gpg_InRelease_xz_gz_one_line_and_deb822_sources_all_work_together()
    {
        using var server = new RepositoryServer(_dir.Combine("server"));
        var result = await Check(server);

        Assert.Equal(2, result.Sources.Count); // deb-src and the disabled stanza are not used
        Assert.Equal(["amd64", "i386"], result.Sources[0].Architectures);
        Assert.Equal([("hello", "amd64", "1.0-2"), ("libfoo1", "i386", "1.0-1+sec1")],
            result.MissingUpdates.Select(m => (m.Package, m.Arch, m.FixedVersion)));
        var other = Assert.Single(result.OtherUpdates);
        Assert.Equal(("world", "2.1-1"), (other.Package, other.FixedVersion));
        Assert.Equal(2, result.Repositories.Count);
        Assert.Equal("http://apt.example.invalid/repo/dists/stable/Release", result.Repositories[0].Url);
        Assert.All(result.Repositories, r => Assert.NotNull(r.SignedBy));
        Assert.Contains(server.Requests, p => p.EndsWith("stable/main/binary-amd64/Packages.xz", StringComparison.Ordinal));
        Assert.Contains(server.Requests, p => p.EndsWith("stable-security/main/binary-i386/Packages.gz", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Release_whose_detached_signature_does_not_match_is_a_verification_error()
    {
        using var server = new RepositoryServer(_dir.Combine("server"));
        var release = File.ReadAllText(_dir.Combine("server", "repo", "dists", "stable", "Release"));
        server.Overrides["/repo/dists/stable/Release"] = Encoding.UTF8.GetBytes(release.Replace("Label: Test", "Label: Test-Security", StringComparison.Ordinal));
        var e = await Assert.ThrowsAsync<VerificationException>(() => Check(server));
        Assert.Equal("bad-signature", e.Reason);
        Assert.Contains("http://apt.example.invalid/repo stable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_security_suite_that_cannot_be_reached_is_an_error_not_a_pass()
    {
        using var server = new RepositoryServer(_dir.Combine("server"));
        server.Overrides["/repo/dists/stable-security/InRelease"] = [];
        server.Failures["/repo/dists/stable-security/InRelease"] = 100;
        var e = await Assert.ThrowsAsync<ExternalToolException>(() => Check(server));
        Assert.Contains("stable-security", e.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }
}
