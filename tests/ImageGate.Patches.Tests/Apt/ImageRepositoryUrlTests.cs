using ImageGate.Core.Packages;
using ImageGate.Patches.Tests.Support;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using ImageGate.Testing.Patches;

namespace ImageGate.Patches.Tests.Apt;

/// <summary>URLs an image's apt sources hold are data: credentials in them are removed where the sources are read and
/// never sent; a <c>file:</c> URL is refused (it would read the scanning host's files), unless an operator's mirror
/// rewrites it.</summary>
public sealed class ImageRepositoryUrlTests : IDisposable
{
    private const string Password = "Apt-Url-Secret-Zq81";
    private readonly TempDirectory _dir = new("imagegate-apturls");
    private readonly DebianSnapshot _snapshot = new();

    private static readonly InstalledPackage[] Installed = [new(PackageType.Deb, "tzdata", "2024a-0+deb12u1", "all")];

    private string ImageRoot(string sources, string? authConf = null)
    {
        var root = _dir.Combine($"image-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "etc/apt/sources.list.d"));
        Directory.CreateDirectory(Path.Combine(root, "etc/apt/keyrings"));
        const string keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
        if (!File.Exists(keyring)) throw new InvalidOperationException($"{keyring} is missing (apt package debian-archive-keyring)");
        File.Copy(keyring, Path.Combine(root, "etc/apt/keyrings/debian.gpg"));
        File.WriteAllText(Path.Combine(root, "etc/apt/sources.list.d/test.sources"), sources);
        if (authConf is not null) File.WriteAllText(Path.Combine(root, "etc/apt/auth.conf"), authConf);
        return root;
    }

    private Task<PatchCheckResult> Check(string root, params MirrorRewrite[] mirrors)
    {
        using var image = new HostFileSystem(root);
        return new PatchChecker().CheckAsync(image, Installed, DebianFixture.Os, new PatchCheckOptions
        {
            Mirrors = mirrors,
            TimeProvider = new FixedClock(_snapshot.Fetched),
            MaxAttempts = 1,
        }, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Credentials_in_a_source_url_are_removed_from_ids_and_urls_and_are_not_sent_through_a_mirror()
    {
        using var server = new RepositoryServer(_snapshot.Root);
        var root = ImageRoot($"""
            Types: deb
            URIs: http://builder:{Password}@deb.debian.org/debian-security
            Suites: bookworm-security
            Components: main
            Signed-By: /etc/apt/keyrings/debian.gpg

            """);
        using (var image = new HostFileSystem(root))
        {
            var source = Assert.Single(PatchChecker.ReadRepositories(image, Installed, DebianFixture.Os));
            Assert.Equal("http://deb.debian.org/debian-security bookworm-security", source.Id);
            Assert.Equal(["http://deb.debian.org/debian-security"], source.BaseUrls);
            Assert.True(source.CredentialsRemoved);
        }
        var result = await Check(root, new MirrorRewrite("http://deb.debian.org", server.BaseUrl));
        var missing = Assert.Single(result.MissingUpdates);
        Assert.Equal("http://deb.debian.org/debian-security bookworm-security", missing.Repository);
        Assert.DoesNotContain(Password, System.Text.Json.JsonSerializer.Serialize(result), StringComparison.Ordinal);
        Assert.NotEmpty(server.Requests);
    }

    [Fact]
    public async Task A_source_needing_the_images_credentials_is_not_fetched_without_an_operator_mirror()
    {
        using var server = new RepositoryServer(_snapshot.Root);
        var root = ImageRoot($"""
            Types: deb
            URIs: http://127.0.0.1:{server.Port}/debian-security
            Suites: bookworm-security
            Components: main
            Signed-By: /etc/apt/keyrings/debian.gpg

            """, $"machine 127.0.0.1:{server.Port}/debian-security login builder password {Password}\n");
        var result = await Check(root);
        Assert.Empty(server.Requests);
        var refused = Assert.Single(result.Findings, f => f.RuleId == PatchRules.RepositoryRefused);
        Assert.Contains("never sends an image's credentials", refused.Message, StringComparison.Ordinal);
        Assert.Equal("/etc/apt/sources.list.d/test.sources", refused.Path);
        Assert.Contains(result.Findings, f => f.RuleId == PatchRules.NoSecurityRepository && f.Message.Contains(PatchRules.RepositoryRefused, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_url_from_the_image_is_refused_and_the_host_folder_is_not_read_but_an_operator_file_mirror_is()
    {
        var hostFolder = new Uri(Path.Combine(_snapshot.Root, "debian-security")).AbsoluteUri;
        var root = ImageRoot($"""
            Types: deb
            URIs: {hostFolder}
            Suites: bookworm-security
            Components: main
            Signed-By: /etc/apt/keyrings/debian.gpg

            """);
        var result = await Check(root);
        Assert.Empty(result.MissingUpdates);
        Assert.Empty(result.Repositories);
        var refused = Assert.Single(result.Findings, f => f.RuleId == PatchRules.RepositoryRefused);
        Assert.Contains("never reads the scanning host's files", refused.Message, StringComparison.Ordinal);

        // The operator's own mirror may be a file: URL (e.g. a local copy of the archive).
        var official = ImageRoot("""
            Types: deb
            URIs: http://deb.debian.org/debian-security
            Suites: bookworm-security
            Components: main
            Signed-By: /etc/apt/keyrings/debian.gpg

            """);
        var mirrored = await Check(official, MirrorRewrite.Parse($"http://deb.debian.org={new Uri(_snapshot.Root).AbsoluteUri}"));
        Assert.Equal("tzdata", Assert.Single(mirrored.MissingUpdates).Package);
        Assert.DoesNotContain(mirrored.Findings, f => f.RuleId == PatchRules.RepositoryRefused);
    }

    public void Dispose()
    {
        _snapshot.Dispose();
        _dir.Dispose();
    }
}
