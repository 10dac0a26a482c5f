using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Signing.TrustRoot.Tuf;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using ImageGate.Testing.Sigstore;

namespace ImageGate.Signing.Tests.TrustRoot.Tuf;

public sealed class TufClientTests(TufTestRepositories repos) : IClassFixture<TufTestRepositories>, IDisposable
{
    private readonly TempDirectory _dir = new("imagegate-tuf-client");

    private TufClient Client(RepositoryServer server, TimeProvider? time = null, string cache = "cache") =>
        new(new TufClientOptions
        {
            RepositoryUrl = server.Url,
            CacheDirectory = _dir.Combine(cache),
            InitialRoot = File.ReadAllBytes(repos.InitialRoot),
            InitialRootSource = repos.InitialRoot,
            RequestTimeout = TimeSpan.FromSeconds(10),
        }, time);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fresh_update_follows_the_root_rotation_verifies_every_role_and_caches_the_trusted_root()
    {
        using var server = new RepositoryServer(repos.Scenario("good"));
        using var client = Client(server);
        var result = await client.UpdateAsync(Ct);

        Assert.False(result.FromCache);
        Assert.Equal([2L], result.RootVersionsFetched);
        Assert.Equal(2, result.RootVersion);
        Assert.Equal(5, result.TimestampVersion);
        Assert.Equal(3, result.SnapshotVersion);
        Assert.Equal(2, result.TargetsVersion);
        Assert.Equal(repos.TargetSha256, result.TargetSha256);
        Assert.Equal(File.ReadAllBytes(repos.TrustedRootFile), File.ReadAllBytes(result.TargetPath));
        Assert.NotEmpty(result.TrustedRoot.CertificateAuthorities);
        // The rotation loop ends on the 404 of 3.root.json; consistent snapshots name files by version and hash.
        Assert.Equal(["/2.root.json", "/3.root.json", "/timestamp.json", "/3.snapshot.json", "/2.targets.json", $"/targets/{repos.TargetSha256}.trusted_root.json"],
            server.Requests.ToArray());
        foreach (var f in new[] { "root.json", "timestamp.json", "snapshot.json", "targets.json", "trusted_root.json" })
            Assert.True(File.Exists(_dir.Combine("cache", f)), f + " is not cached");
        using var cachedRoot = JsonDocument.Parse(File.ReadAllBytes(_dir.Combine("cache", "root.json")));
        Assert.Equal(2, cachedRoot.RootElement.GetProperty("signed").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_second_run_uses_the_valid_cache_without_network()
    {
        using (var server = new RepositoryServer(repos.Scenario("good")))
        using (var client = Client(server))
        {
            var first = await client.GetTrustedRootAsync(Ct);
            Assert.False(first.FromCache);
        }
        // The server is gone: only the cache can answer.
        using var offline = new RepositoryServer(repos.Scenario("good"));
        offline.Dispose();
        using var again = Client(offline);
        var second = await again.GetTrustedRootAsync(Ct);
        Assert.True(second.FromCache);
        Assert.Equal(repos.TargetSha256, second.TargetSha256);
        Assert.Equal(2, second.RootVersion);
    }

    [Fact]
    public async Task An_expired_cache_without_network_is_a_clear_error()
    {
        using (var server = new RepositoryServer(repos.Scenario("good")))
        using (var client = Client(server))
            await client.UpdateAsync(Ct);
        var gone = new RepositoryServer(repos.Scenario("good"));
        gone.Dispose();
        using var later = Client(gone, new FixedClock(DateTimeOffset.UtcNow.AddDays(400)));
        var ex = await Assert.ThrowsAsync<TufUnavailableException>(() => later.GetTrustedRootAsync(Ct));
        Assert.Equal("tuf-unreachable", ex.Reason);
        Assert.Contains("expired", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be used offline", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ExternalToolException>(ex);
    }

    [Theory]
    [InlineData("bad-rotation", "tuf-root-signature")]
    [InlineData("bad-root-version", "tuf-root-version")]
    [InlineData("expired-root", "tuf-root-expired")]
    [InlineData("expired-timestamp", "tuf-timestamp-expired")]
    [InlineData("timestamp-wrong-key", "tuf-timestamp-signature")]
    [InlineData("snapshot-hash", "tuf-snapshot-hash")]
    [InlineData("oversize-timestamp", "tuf-too-large")]
    [InlineData("target-hash", "tuf-target-hash")]
    [InlineData("target-length", "tuf-target-length")]
    public async Task A_defective_repository_is_rejected_and_nothing_it_served_is_trusted(string scenario, string reason)
    {
        using var server = new RepositoryServer(repos.Scenario(scenario));
        using var client = Client(server);
        var ex = await Assert.ThrowsAsync<TufRepositoryException>(() => client.UpdateAsync(Ct));
        Assert.Equal(reason, ex.Reason);
        // Tampering is a verification failure (exit 1), not an unavailable service (exit 3).
        Assert.IsAssignableFrom<VerificationException>(ex);
        Assert.False(File.Exists(_dir.Combine("cache", "trusted_root.json")), "a rejected update left a trusted_root.json");
        if (scenario is "bad-rotation" or "bad-root-version")
        {
            using var cachedRoot = JsonDocument.Parse(File.ReadAllBytes(_dir.Combine("cache", "root.json")));
            Assert.Equal(1, cachedRoot.RootElement.GetProperty("signed").GetProperty("version").GetInt32());
        }
    }

    [Fact]
    public async Task The_clock_given_to_the_client_decides_expiry()
    {
        using var server = new RepositoryServer(repos.Scenario("good"));
        using var client = Client(server, new FixedClock(DateTimeOffset.UtcNow.AddYears(30)));
        var ex = await Assert.ThrowsAsync<TufRepositoryException>(() => client.UpdateAsync(Ct));
        Assert.Equal(TufReasons.RootExpired, ex.Reason);
    }

    [Fact]
    public async Task A_timestamp_older_than_the_cached_one_is_a_rollback()
    {
        using var server = new RepositoryServer(repos.Scenario("good"));
        using var client = Client(server);
        await client.UpdateAsync(Ct);
        server.Root = repos.Scenario("rollback");
        var ex = await Assert.ThrowsAsync<TufRepositoryException>(() => client.UpdateAsync(Ct));
        Assert.Equal("tuf-rollback", ex.Reason);
        Assert.IsAssignableFrom<VerificationException>(ex);
        Assert.Contains("version 4", ex.Message, StringComparison.Ordinal);
        Assert.Contains("trusted version 5", ex.Message, StringComparison.Ordinal);
        // A fresh client (no cache) accepts the same repository: the rejection came from the cache.
        using var fresh = Client(server, cache: "fresh");
        Assert.Equal(4, (await fresh.UpdateAsync(Ct)).TimestampVersion);
    }

    [Fact]
    public async Task A_snapshot_listing_an_older_targets_version_than_the_cached_one_is_a_rollback()
    {
        using var server = new RepositoryServer(repos.Scenario("good"));
        using var client = Client(server);
        await client.UpdateAsync(Ct);
        server.Root = repos.Scenario("targets-rollback");
        var ex = await Assert.ThrowsAsync<TufRepositoryException>(() => client.UpdateAsync(Ct));
        Assert.Equal("tuf-rollback", ex.Reason);
        Assert.Contains("4.snapshot.json lists targets.json version 1, older than the trusted 2", ex.Message, StringComparison.Ordinal);
        using var fresh = Client(server, cache: "fresh");
        Assert.Equal(1, (await fresh.UpdateAsync(Ct)).TargetsVersion);
    }

    [Fact]
    public async Task After_a_timestamp_key_rotation_the_old_cached_timestamp_no_longer_counts()
    {
        using var server = new RepositoryServer(repos.Scenario("good"));
        using var client = Client(server);
        Assert.Equal(5, (await client.UpdateAsync(Ct)).TimestampVersion);
        server.Root = repos.Scenario("timestamp-key-rotated");
        var r = await client.UpdateAsync(Ct);
        Assert.Equal([3L], r.RootVersionsFetched);
        Assert.Equal(1, r.TimestampVersion);
        // Back to the old repository: its root 3 is gone, and its timestamp is signed by a key root 3 no longer trusts.
        server.Root = repos.Scenario("good");
        var ex = await Assert.ThrowsAsync<TufRepositoryException>(() => client.UpdateAsync(Ct));
        Assert.Equal("tuf-timestamp-signature", ex.Reason);
    }

    [Fact]
    public async Task An_initial_root_not_signed_by_its_own_keys_is_bad_input()
    {
        var text = File.ReadAllText(repos.InitialRoot);
        var tampered = _dir.Combine("tampered-root.json");
        File.WriteAllText(tampered, text.Replace("\"version\": 1", "\"version\": 7", StringComparison.Ordinal));
        Assert.NotEqual(text, File.ReadAllText(tampered));
        using var server = new RepositoryServer(repos.Scenario("good"));
        using var client = new TufClient(new TufClientOptions
        {
            RepositoryUrl = server.Url, CacheDirectory = _dir.Combine("c"), InitialRoot = File.ReadAllBytes(tampered), InitialRootSource = tampered,
        });
        var ex = await Assert.ThrowsAsync<BadInputException>(() => client.UpdateAsync(Ct));
        Assert.Contains("signed by 0 of its own root keys, 2 needed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(tampered, ex.Path);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_private_repository_without_an_initial_root_is_bad_input()
    {
        using var server = new RepositoryServer(repos.Scenario("good"));
        using var client = new TufClient(new TufClientOptions { RepositoryUrl = server.Url, CacheDirectory = _dir.Combine("c") });
        var ex = await Assert.ThrowsAsync<BadInputException>(() => client.GetTrustedRootAsync(Ct));
        Assert.Contains("--tuf-root", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_public_good_tuf_root_verifies_with_its_own_ecdsa_keys()
    {
        var root = TufMetadata.Parse(TufClient.PublicGoodInitialRoot, TufMetadata.Root);
        var (valid, threshold) = root.CountSignatures(root, TufMetadata.Root);
        Assert.Equal(3, threshold);
        Assert.True(valid >= threshold, $"{valid} of {threshold} signatures verify");
        Assert.True(root.ConsistentSnapshot);
        Assert.All(root.Keys.Values, k => Assert.Null(k.Unsupported));
    }

    [Fact]
    public void The_embedded_tuf_root_is_the_one_in_the_sigstore_tuf_seed()
    {
        using var seeds = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(MockSigstore.NodeFolder, "node_modules", "@sigstore", "tuf", "seeds.json")));
        var fromSeed = Convert.FromBase64String(seeds.RootElement.GetProperty(TufClient.PublicGoodUrl.AbsoluteUri.TrimEnd('/')).GetProperty("root.json").GetString()!);
        Assert.Equal(fromSeed, TufClient.PublicGoodInitialRoot);
    }

    [Fact]
    public void The_default_cache_is_under_xdg_cache_home_or_the_home_cache_and_keyed_by_url()
    {
        var url = new Uri("https://tuf.example.org/");
        var xdg = TufClient.DefaultCacheDirectory(url, n => n == "XDG_CACHE_HOME" ? "/var/cache/x" : "/home/u");
        var home = TufClient.DefaultCacheDirectory(url, n => n == "HOME" ? "/home/u" : null);
        Assert.StartsWith("/var/cache/x/imagegate/tuf/", xdg, StringComparison.Ordinal);
        Assert.StartsWith("/home/u/.cache/imagegate/tuf/", home, StringComparison.Ordinal);
        Assert.Equal(Path.GetFileName(xdg), Path.GetFileName(home));
        Assert.NotEqual(Path.GetFileName(xdg), Path.GetFileName(TufClient.DefaultCacheDirectory(new Uri("https://other.example.org/"), _ => "/h")));
        Assert.Equal(xdg, TufClient.DefaultCacheDirectory(new Uri("https://tuf.example.org"), n => n == "XDG_CACHE_HOME" ? "/var/cache/x" : null));
    }

    public void Dispose() => _dir.Dispose();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
