using System.Text.Json;
using ImageGate.Cli;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using ImageGate.Testing.Sigstore;

namespace ImageGate.Cli.Tests.Commands.Signing;

/// <summary>The command line: <c>trusted-root update</c> and <c>--tuf-url</c> on verify-bundle. The served target is
/// the custom root of the conformance case <c>intoto-with-custom-trust-root</c>, whose bundle fails against the
/// embedded public-good root: it verifies only when the root really came through TUF.</summary>
public sealed class TufCliTests(TufTestRepositories repos) : IClassFixture<TufTestRepositories>, IDisposable
{
    private const string Case = "intoto-with-custom-trust-root";
    private readonly TempDirectory _dir = new("imagegate-tuf-cli");

    private static string[] VerifyArgs()
    {
        var args = ConformanceSuite.Arguments(Case).ToList();
        var i = args.IndexOf("--trusted-root");
        args.RemoveRange(i, 2);
        return [.. args];
    }

    private string[] Tuf(RepositoryServer server) =>
        ["--tuf-url", server.Url.AbsoluteUri, "--tuf-root", repos.InitialRoot, "--tuf-cache", _dir.Combine("cache")];

    [Fact]
    public async Task Trusted_root_update_prints_what_it_fetched_and_writes_the_root()
    {
        using var server = new RepositoryServer(repos.Scenario("good"));
        var output = _dir.Combine("trusted_root.json");
        var r = await CliRunner.RunAsync(["trusted-root", "update", .. Tuf(server), "--output", output, "--json"]);
        Assert.True(r.ExitCode == 0, r.StandardError);
        using var doc = JsonDocument.Parse(r.StandardOutput);
        var json = doc.RootElement;
        Assert.Equal(2, json.GetProperty("root").GetProperty("version").GetInt32());
        Assert.Equal([2], json.GetProperty("rootVersionsFetched").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(5, json.GetProperty("timestamp").GetProperty("version").GetInt32());
        Assert.Equal(repos.TargetSha256, json.GetProperty("trustedRoot").GetProperty("sha256").GetString());
        Assert.Equal(File.ReadAllBytes(repos.TrustedRootFile), File.ReadAllBytes(output));

        var text = await CliRunner.RunAsync(["trusted-root", "update", .. Tuf(server)]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("root:      v2", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("(no new root)", text.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"sha256:{repos.TargetSha256}", text.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_bundle_gets_its_root_through_tuf_and_then_from_the_cache_offline()
    {
        var without = await CliRunner.RunAsync(VerifyArgs());
        Assert.Equal(ExitCodes.GateFailed, without.ExitCode);

        using (var server = new RepositoryServer(repos.Scenario("good")))
        {
            var online = await CliRunner.RunAsync([.. VerifyArgs(), .. Tuf(server)]);
            Assert.True(online.ExitCode == 0, online.StandardError);
            Assert.Contains("/timestamp.json", server.Requests);
            server.Dispose();
            var offline = await CliRunner.RunAsync([.. VerifyArgs(), .. Tuf(server)]);
            Assert.True(offline.ExitCode == 0, offline.StandardError);
        }
    }

    [Fact]
    public async Task A_trusted_root_file_wins_over_tuf_and_no_request_is_made()
    {
        using var server = new RepositoryServer(repos.Scenario("good"));
        var r = await CliRunner.RunAsync([.. ConformanceSuite.Arguments(Case), .. Tuf(server)]);
        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_rotated_root_without_the_old_keys_is_a_verification_failure_with_exit_1_and_a_clear_message()
    {
        using var server = new RepositoryServer(repos.Scenario("bad-rotation"));
        var r = await CliRunner.RunAsync(["trusted-root", "update", .. Tuf(server)]);
        Assert.Equal(ExitCodes.GateFailed, r.ExitCode);
        Assert.Contains("[tuf-root-signature] 2.root.json is signed by 0 of the root keys of trusted root v1, 2 needed", r.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.StandardError, StringComparison.Ordinal);
        var verify = await CliRunner.RunAsync([.. VerifyArgs(), .. Tuf(server)]);
        Assert.Equal(ExitCodes.GateFailed, verify.ExitCode);
    }

    [Fact]
    public async Task The_tuf_settings_can_come_from_imagegate_variables()
    {
        using var server = new RepositoryServer(repos.Scenario("good"));
        var r = await CliRunner.RunAsync(VerifyArgs(), new Dictionary<string, string>
        {
            ["IMAGEGATE_TUF_URL"] = server.Url.AbsoluteUri,
            ["IMAGEGATE_TUF_ROOT"] = repos.InitialRoot,
            ["IMAGEGATE_TUF_CACHE"] = _dir.Combine("env-cache"),
        });
        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.True(File.Exists(_dir.Combine("env-cache", "trusted_root.json")));
    }

    [Fact]
    public async Task Tuf_options_without_a_url_are_bad_input()
    {
        var r = await CliRunner.RunAsync([.. VerifyArgs(), "--tuf-root", repos.InitialRoot]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("--tuf-url", r.StandardError, StringComparison.Ordinal);
        var bad = await CliRunner.RunAsync(["trusted-root", "update", "--tuf-url", "ftp://example.org/", "--tuf-cache", _dir.Combine("c")]);
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.Contains("http(s) URL", bad.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
