using System.Text.Json;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using ImageGate.Testing.Sigstore;

namespace ImageGate.Signing.Tests.TrustRoot.Tuf;

/// <summary>The repositories the TUF tests serve, fed to tuf-js (an independent TUF client): it must accept the good
/// one (same target) and reject every defective one, so the test data itself is right.</summary>
public sealed class TufJsCrossCheckTests(TufTestRepositories repos) : IClassFixture<TufTestRepositories>, IDisposable
{
    private readonly TempDirectory _dir = new("imagegate-tufjs");

    private ProcessResult TufJs(Uri url, string work) =>
        ExternalProcess.Run("node", ["tufjs-fetch.js", url.AbsoluteUri, repos.InitialRoot, work], TufTestRepositories.NodeFolder, timeout: TimeSpan.FromSeconds(60));

    [Fact]
    public void Tuf_js_accepts_the_good_repository_with_its_root_rotation_and_then_a_timestamp_key_rotation()
    {
        using var server = new RepositoryServer(repos.Scenario("good"));
        var r = TufJs(server.Url, _dir.Combine("good"));
        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        using var doc = JsonDocument.Parse(r.StandardOutput);
        Assert.Equal(repos.TargetSha256, doc.RootElement.GetProperty("sha256").GetString());
        Assert.Equal(2, doc.RootElement.GetProperty("rootVersion").GetInt32());
        server.Root = repos.Scenario("timestamp-key-rotated");
        var rotated = TufJs(server.Url, _dir.Combine("good"));
        Assert.True(rotated.ExitCode == 0, rotated.StandardOutput + rotated.StandardError);
        using var doc3 = JsonDocument.Parse(rotated.StandardOutput);
        Assert.Equal(3, doc3.RootElement.GetProperty("rootVersion").GetInt32());
    }

    [Theory]
    [InlineData("bad-rotation")]
    [InlineData("bad-root-version")]
    [InlineData("expired-root")]
    [InlineData("expired-timestamp")]
    [InlineData("timestamp-wrong-key")]
    [InlineData("snapshot-hash")]
    [InlineData("oversize-timestamp")]
    [InlineData("target-hash")]
    [InlineData("target-length")]
    public void Tuf_js_rejects_each_defective_repository(string scenario)
    {
        using var server = new RepositoryServer(repos.Scenario(scenario));
        var r = TufJs(server.Url, _dir.Combine(scenario));
        Assert.True(r.ExitCode == 1, $"tuf-js accepted {scenario}: {r.StandardOutput}{r.StandardError}");
        Assert.Contains("\"ok\":false", r.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rollback", "less than current version 5")]
    [InlineData("targets-rollback", "New version 1 of targets.json is less than current version 2")]
    public void Tuf_js_rejects_the_rollback_after_the_good_repository(string scenario, string message)
    {
        using var server = new RepositoryServer(repos.Scenario("good"));
        var work = _dir.Combine(scenario);
        Assert.Equal(0, TufJs(server.Url, work).ExitCode);
        server.Root = repos.Scenario(scenario);
        var r = TufJs(server.Url, work);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(message, r.StandardOutput, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
