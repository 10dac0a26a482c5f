using ImageGate.Testing.Sites;
using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands.Site;

/// <summary>The real command line (<c>imagegate site …</c>) in process.</summary>
public sealed class SiteCommandTests : IAsyncDisposable
{
    private readonly SiteWorld _world = new();
    private readonly TestImage _debian = TestImage.Random("debian-12", "2026.11.01", kib: 100);

    private string WriteList(TimeSpan? expiresIn = null, DateTimeOffset? created = null, long version = 1)
    {
        var now = DateTimeOffset.UtcNow;
        var c = created ?? now.AddMinutes(-1);
        var content = ListSigner.Compose(version, c, c + (expiresIn ?? TimeSpan.FromDays(28)), [_debian.Entry(_world.Server.BaseUrl)]);
        return _world.Signer.WriteSigned(_world.Temp.Path, content, $"list-{version}-{Guid.NewGuid():N}.json");
    }

    [Fact]
    public async Task Site_help_lists_sync_check_and_verify()
    {
        var r = await CliRunner.RunAsync(["site", "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("sync", r.StandardOutput);
        Assert.Contains("check", r.StandardOutput);
        Assert.Contains("verify", r.StandardOutput);
    }

    [Fact]
    public async Task Site_verify_accepts_a_fresh_list_and_records_it_in_the_state_folder()
    {
        var list = WriteList();
        var key = _world.Signer.WritePublicKey(_world.Temp.Path);
        var state = _world.Temp.Combine("state");
        var r = await CliRunner.RunAsync(["site", "verify", list, "--key", key, "--insecure-ignore-tlog", "--state", state]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("verified:", r.StandardOutput);
        Assert.Contains("list version 1, 1 images", r.StandardOutput);
        Assert.True(File.Exists(Path.Combine(state, "list-state.json")));
    }

    [Theory]
    [InlineData("expired", "[list-expired]")]
    [InlineData("future", "[list-from-future]")]
    [InlineData("rollback", "[rollback]")]
    [InlineData("wrong-key", "[signature-invalid]")]
    public async Task Site_verify_rejects_with_exit_1_and_the_reason_code(string attack, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        var state = _world.Temp.Combine("state");
        var key = _world.Signer.WritePublicKey(_world.Temp.Path);
        var list = attack switch
        {
            "expired" => WriteList(TimeSpan.FromDays(1), now.AddDays(-3)),
            "future" => WriteList(created: now.AddDays(1)),
            _ => WriteList(version: 3),
        };
        if (attack == "rollback")
        {
            Assert.Equal(0, (await CliRunner.RunAsync(["site", "verify", WriteList(version: 4), "--key", key, "--insecure-ignore-tlog", "--state", state])).ExitCode);
        }
        if (attack == "wrong-key")
        {
            using var other = new ListSigner();
            key = other.WritePublicKey(_world.Temp.Path);
        }
        var r = await CliRunner.RunAsync(["site", "verify", list, "--key", key, "--insecure-ignore-tlog", "--state", state]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(reason, r.StandardError);
        Assert.DoesNotContain("   at ", r.StandardError);
    }

    [Fact]
    public async Task Every_site_verb_refuses_a_key_signed_list_without_a_log_entry_unless_told_to_ignore_the_log()
    {
        _world.Publish([_debian]);
        var list = WriteList();
        var key = _world.Signer.WritePublicKey(_world.Temp.Path);
        var image = _world.Temp.Combine("image.qcow2");
        await File.WriteAllBytesAsync(image, _debian.Bytes, TestContext.Current.CancellationToken);
        foreach (var args in new[]
                 {
                     new[] { "site", "verify", list, "--key", key },
                     new[] { "site", "check", image, "--list", list, "--key", key },
                     new[] { "site", "sync", "--list", _world.ListUrl, "--key", key, "--cache", _world.Temp.Combine("cache-tlog") },
                     new[] { "verify", list, "--bundle", list + ".sigstore.json", "--key", key },
                 })
        {
            var r = await CliRunner.RunAsync(args, workingDirectory: _world.Temp.Path);
            Assert.True(r.ExitCode == 1, $"{string.Join(' ', args.Take(2))}: exit {r.ExitCode}: {r.StandardError}");
            Assert.Contains("tlog-missing", r.StandardError);
            Assert.Contains("--insecure-ignore-tlog", r.StandardError);
        }
    }

    [Fact]
    public async Task Site_verify_needs_a_signer()
    {
        var r = await CliRunner.RunAsync(["site", "verify", WriteList()]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--certificate-identity", r.StandardError);
    }

    [Fact]
    public async Task Site_verify_refuses_a_key_and_an_identity_together()
    {
        var key = _world.Signer.WritePublicKey(_world.Temp.Path);
        var r = await CliRunner.RunAsync(["site", "verify", WriteList(), "--key", key, "--insecure-ignore-tlog", "--certificate-identity", "x", "--certificate-oidc-issuer", "y"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not both", r.StandardError);
    }

    [Fact]
    public async Task Site_verify_of_a_missing_list_is_bad_input_naming_it()
    {
        var key = _world.Signer.WritePublicKey(_world.Temp.Path);
        var r = await CliRunner.RunAsync(["site", "verify", "/nonexistent/endorsed-images.json", "--key", key, "--insecure-ignore-tlog"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/nonexistent/endorsed-images.json", r.StandardError);
    }

    [Fact]
    public async Task Site_check_exits_0_for_an_endorsed_file_and_1_otherwise()
    {
        var list = WriteList();
        var key = _world.Signer.WritePublicKey(_world.Temp.Path);
        var good = _world.Temp.Combine("good.qcow2");
        await File.WriteAllBytesAsync(good, _debian.Bytes, TestContext.Current.CancellationToken);
        var ok = await CliRunner.RunAsync(["site", "check", good, "--list", list, "--key", key, "--insecure-ignore-tlog"]);
        Assert.Equal(0, ok.ExitCode);
        Assert.Contains("debian-12@2026.11.01", ok.StandardOutput);

        var bad = _world.Temp.Combine("bad.qcow2");
        var other = (byte[])_debian.Bytes.Clone();
        other[^1] ^= 1;
        await File.WriteAllBytesAsync(bad, other, TestContext.Current.CancellationToken);
        var no = await CliRunner.RunAsync(["site", "check", bad, "--list", list, "--key", key, "--insecure-ignore-tlog"]);
        Assert.Equal(1, no.ExitCode);
        Assert.Contains("[not-endorsed]", no.StandardError);

        var blocked = await CliRunner.RunAsync(["site", "check", good, "--list", list, "--key", key, "--insecure-ignore-tlog", "--block", "debian-12@2026.11.01"]);
        Assert.Equal(1, blocked.ExitCode);
        Assert.Contains("[blocked]", blocked.StandardError);
    }

    [Fact]
    public async Task Site_check_against_an_expired_list_exits_1()
    {
        var list = WriteList(TimeSpan.FromDays(1), DateTimeOffset.UtcNow.AddDays(-2));
        var key = _world.Signer.WritePublicKey(_world.Temp.Path);
        var good = _world.Temp.Combine("good.qcow2");
        await File.WriteAllBytesAsync(good, _debian.Bytes, TestContext.Current.CancellationToken);
        var r = await CliRunner.RunAsync(["site", "check", good, "--list", list, "--key", key, "--insecure-ignore-tlog", "--json"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("[list-expired]", r.StandardError);
    }

    [Fact]
    public async Task Site_sync_over_http_prints_each_change_and_a_summary()
    {
        _world.Publish([_debian]);
        var key = _world.Signer.WritePublicKey(_world.Temp.Path);
        var log = _world.Temp.Combine("hook.log");
        var r = await CliRunner.RunAsync(["site", "sync", "--list", _world.ListUrl, "--key", key, "--insecure-ignore-tlog", "--cache", "cache",
            "--hook", $"echo \"$IMAGEGATE_EVENT $IMAGEGATE_IMAGE_NAME\" >> '{log}'", "--format", "qcow2,raw"], workingDirectory: _world.Temp.Path);
        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.Contains("available debian-12@2026.11.01", r.StandardOutput);
        Assert.Contains("1 available, 0 expired, 0 blocked, 0 failed", r.StandardOutput);
        Assert.Equal(["available debian-12"], await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken));
        Assert.True(File.Exists(_world.ImagePath(_debian)));

        var json = await CliRunner.RunAsync(["site", "sync", "--list", _world.ListUrl, "--key", key, "--insecure-ignore-tlog", "--cache", "cache", "--json"], workingDirectory: _world.Temp.Path);
        Assert.Equal(0, json.ExitCode);
        var doc = System.Text.Json.JsonDocument.Parse(json.StandardOutput);
        Assert.Equal(1, doc.RootElement.GetProperty("listVersion").GetInt64());
        Assert.Equal("available", doc.RootElement.GetProperty("images")[0].GetProperty("status").GetString());

        // The cache keeps the accepted list: `site check` works offline against it, with the cache as state.
        var check = await CliRunner.RunAsync(["site", "check", _world.ImagePath(_debian), "--list", Path.Combine(_world.Cache, "endorsed-images.json"),
            "--key", key, "--insecure-ignore-tlog", "--state", _world.Cache]);
        Assert.True(check.ExitCode == 0, check.StandardError);
    }

    [Fact]
    public async Task Site_sync_takes_its_settings_from_the_configuration_file()
    {
        _world.Publish([_debian]);
        var key = _world.Signer.WritePublicKey(_world.Temp.Path);
        await File.WriteAllTextAsync(_world.Temp.Combine("imagegate.yaml"),
            $"sync:\n  list: {_world.ListUrl}\n  key: {key}\n  insecure-ignore-tlog: true\n  cache: {_world.Cache}\n", TestContext.Current.CancellationToken);
        var r = await CliRunner.RunAsync(["site", "sync"], workingDirectory: _world.Temp.Path);
        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.True(File.Exists(_world.ImagePath(_debian)));
    }

    [Fact]
    public async Task Site_sync_with_a_wrong_digest_exits_1()
    {
        _world.Publish([_debian]);
        _world.Server.Serve(_debian.UrlPath, new byte[_debian.Bytes.Length]);
        var key = _world.Signer.WritePublicKey(_world.Temp.Path);
        var r = await CliRunner.RunAsync(["site", "sync", "--list", _world.ListUrl, "--key", key, "--insecure-ignore-tlog", "--cache", _world.Cache, "--retries", "1"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("[image-digest-mismatch]", r.StandardError);
    }

    [Fact]
    public async Task Site_sync_whose_hook_fails_exits_3_with_the_image_in_the_cache()
    {
        _world.Publish([_debian]);
        var key = _world.Signer.WritePublicKey(_world.Temp.Path);
        var r = await CliRunner.RunAsync(["site", "sync", "--list", _world.ListUrl, "--key", key, "--insecure-ignore-tlog", "--cache", _world.Cache,
            "--hook", "exit 7", "--json"]);
        Assert.True(r.ExitCode == 3, $"exit {r.ExitCode}: {r.StandardError}");
        using var doc = System.Text.Json.JsonDocument.Parse(r.StandardOutput);
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("events")[0].GetProperty("hookError").GetString()));
        Assert.True(File.Exists(_world.ImagePath(_debian)));
    }

    [Fact]
    public async Task Site_sync_without_a_cache_is_bad_input()
    {
        var key = _world.Signer.WritePublicKey(_world.Temp.Path);
        var r = await CliRunner.RunAsync(["site", "sync", "--list", _world.ListUrl, "--key", key, "--insecure-ignore-tlog"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--cache", r.StandardError);
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();
}
