using System.Security.Cryptography;
using ImageGate.Core.Errors;
using ImageGate.Site.Sync;
using ImageGate.Testing.Sites;
using ImageGate.Site.Verification;

namespace ImageGate.Site.Tests.Sync;

public sealed class SiteSyncTests : IAsyncDisposable
{
    private readonly SiteWorld _world = new();
    private readonly TestImage _debian = TestImage.Random("debian-12", "2026.11.01");
    private readonly TestImage _alma = TestImage.Random("alma-9", "9.4", kib: 200);

    private static string Sha512Of(string path) => Convert.ToHexStringLower(SHA512.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task A_first_sync_downloads_every_endorsed_image_verified_into_the_cache()
    {
        _world.Publish([_debian, _alma]);
        var result = await _world.SyncAsync();
        Assert.Empty(result.Failures);
        Assert.Equal(1, result.ListVersion);
        Assert.Equal(2, result.Events.Count(e => e.Kind == SyncEventKind.Available));
        Assert.Equal(_debian.Sha512, Sha512Of(_world.ImagePath(_debian)));
        Assert.Equal(_alma.Sha512, Sha512Of(_world.ImagePath(_alma)));
        Assert.Empty(Directory.GetFiles(Path.Combine(_world.Cache, ".partial")));
        Assert.True(File.Exists(Path.Combine(_world.Cache, "cache-state.json")));
        Assert.Equal(1, ListVerifier.LastAccepted(_world.Cache)!.Version);
        Assert.True(File.Exists(Path.Combine(_world.Cache, "endorsed-images.json")));
        Assert.True(File.Exists(Path.Combine(_world.Cache, "endorsed-images.json.sigstore.json")));
    }

    [Fact]
    public async Task A_second_sync_with_the_same_list_changes_and_downloads_nothing()
    {
        _world.Publish([_debian]);
        await _world.SyncAsync();
        var before = _world.Server.CountRequests(_debian.UrlPath);
        var again = await _world.SyncAsync();
        Assert.Empty(again.Events);
        Assert.Equal(before, _world.Server.CountRequests(_debian.UrlPath));
    }

    [Fact]
    public async Task A_revoked_image_still_in_the_cache_is_moved_to_expired_and_deleted_after_the_keep_period()
    {
        _world.Publish([_debian, _alma]);
        await _world.SyncAsync();
        _world.Publish([_alma]); // debian revoked
        var result = await _world.SyncAsync();
        var expired = Assert.Single(result.Events);
        Assert.Equal(SyncEventKind.Expired, expired.Kind);
        Assert.Equal("revoked-or-unlisted", expired.Image.Reason);
        Assert.False(File.Exists(_world.ImagePath(_debian)));
        Assert.NotNull(expired.FullPath);
        Assert.StartsWith(Path.Combine(_world.Cache, "expired"), expired.FullPath);
        Assert.Equal(_debian.Sha512, Sha512Of(expired.FullPath!));
        Assert.True(File.Exists(_world.ImagePath(_alma)));

        _world.Time.Offset = TimeSpan.FromDays(6);
        var kept = await _world.SyncAsync();
        Assert.Empty(kept.Deleted);
        Assert.True(File.Exists(expired.FullPath));

        _world.Time.Offset = TimeSpan.FromDays(8);
        var purged = await _world.SyncAsync();
        Assert.Equal(expired.FullPath, Assert.Single(purged.Deleted));
        Assert.False(File.Exists(expired.FullPath));
        Assert.DoesNotContain(purged.Images, i => i.Image.Name == _debian.Name);
    }

    [Fact]
    public async Task A_blocked_image_is_not_downloaded_and_a_cached_one_leaves_the_cache()
    {
        _world.Publish([_debian, _alma]);
        var first = await _world.SyncAsync(_world.Options() with { Blocked = [_alma.Label] });
        Assert.Contains(first.Events, e => e.Kind == SyncEventKind.Blocked && e.Image.Image.Name == _alma.Name && e.FullPath is null);
        Assert.Equal(0, _world.Server.CountRequests(_alma.UrlPath));
        Assert.False(File.Exists(_world.ImagePath(_alma)));

        var second = await _world.SyncAsync(_world.Options() with { Blocked = [_debian.Name] });
        Assert.Contains(second.Events, e => e.Kind == SyncEventKind.Blocked && e.Image.Image.Name == _debian.Name && e.FullPath!.Contains("/expired/", StringComparison.Ordinal));
        Assert.Contains(second.Events, e => e.Kind == SyncEventKind.Available && e.Image.Image.Name == _alma.Name);
        Assert.False(File.Exists(_world.ImagePath(_debian)));
        Assert.True(File.Exists(_world.ImagePath(_alma)));

        var unblocked = await _world.SyncAsync(_world.Options());
        var back = Assert.Single(unblocked.Events);
        Assert.Equal(SyncEventKind.Available, back.Kind);
        Assert.Equal(_debian.Sha512, Sha512Of(_world.ImagePath(_debian)));
    }

    [Fact]
    public async Task Only_the_wanted_formats_are_fetched()
    {
        var raw = TestImage.Random("cirros", "0.6", kib: 50, format: "raw");
        _world.Publish([_debian, raw]);
        var result = await _world.SyncAsync(_world.Options() with { Formats = ["raw"] });
        Assert.Equal(raw.Name, Assert.Single(result.Events).Image.Image.Name);
        Assert.Equal(0, _world.Server.CountRequests(_debian.UrlPath));
    }

    [Fact]
    public async Task A_truncated_download_resumes_with_Range()
    {
        _world.Publish([_debian]);
        _world.Server[_debian.UrlPath].Truncate = 2;
        _world.Server[_debian.UrlPath].CutAfter = 100 * 1024;
        var result = await _world.SyncAsync();
        Assert.Empty(result.Failures);
        Assert.Equal(_debian.Sha512, Sha512Of(_world.ImagePath(_debian)));
        var ranges = _world.Server.Requests.Where(r => r.Path == _debian.UrlPath).Select(r => r.Range).ToList();
        Assert.Equal([null, "bytes=102400-", "bytes=204800-"], ranges);
    }

    [Fact]
    public async Task Cuts_that_each_bring_bytes_do_not_use_up_the_attempts()
    {
        _world.Publish([_debian]);
        _world.Server[_debian.UrlPath].Truncate = 6; // more cuts than the 4 attempts allowed, each after 40 KiB
        _world.Server[_debian.UrlPath].CutAfter = 40 * 1024;
        var result = await _world.SyncAsync();
        Assert.Empty(result.Failures);
        Assert.Equal(_debian.Sha512, Sha512Of(_world.ImagePath(_debian)));
        Assert.Equal(7, _world.Server.CountRequests(_debian.UrlPath));
    }

    [Fact]
    public async Task A_connection_reset_mid_file_resumes_with_Range()
    {
        _world.Publish([_debian]);
        _world.Server[_debian.UrlPath].Reset = 1;
        _world.Server[_debian.UrlPath].CutAfter = 150 * 1024;
        var result = await _world.SyncAsync();
        Assert.Empty(result.Failures);
        Assert.Equal(_debian.Sha512, Sha512Of(_world.ImagePath(_debian)));
        var ranges = _world.Server.Requests.Where(r => r.Path == _debian.UrlPath).Select(r => r.Range).ToList();
        Assert.Equal(2, ranges.Count);
        Assert.Null(ranges[0]);
        Assert.StartsWith("bytes=", ranges[1]);
        Assert.NotEqual("bytes=0-", ranges[1]);
    }

    [Fact]
    public async Task A_server_that_ignores_Range_makes_the_download_start_over_and_still_verify()
    {
        _world.Publish([_debian]);
        _world.Server[_debian.UrlPath].Truncate = 1;
        _world.Server[_debian.UrlPath].SupportsRange = false;
        var result = await _world.SyncAsync();
        Assert.Empty(result.Failures);
        Assert.Equal(_debian.Sha512, Sha512Of(_world.ImagePath(_debian)));
    }

    [Fact]
    public async Task A_partial_file_left_by_an_interrupted_sync_is_resumed_by_the_next()
    {
        _world.Publish([_debian]);
        _world.Server[_debian.UrlPath].Truncate = 1;
        var once = _world.Options();
        var failed = await _world.SyncAsync(once with { Http = once.Http with { MaxAttempts = 1 } });
        Assert.Equal("download-failed", Assert.Single(failed.Failures).Reason);
        Assert.False(File.Exists(_world.ImagePath(_debian)));
        Assert.Single(Directory.GetFiles(Path.Combine(_world.Cache, ".partial")));

        var resumed = await _world.SyncAsync();
        Assert.Empty(resumed.Failures);
        Assert.Equal(_debian.Sha512, Sha512Of(_world.ImagePath(_debian)));
        Assert.NotNull(_world.Server.Requests.Last(r => r.Path == _debian.UrlPath).Range);
    }

    [Fact]
    public async Task Server_500s_are_retried()
    {
        _world.Publish([_debian]);
        _world.Server[_debian.UrlPath].FailWith500 = 2;
        _world.Server["/endorsed-images.json"].FailWith500 = 1;
        var result = await _world.SyncAsync();
        Assert.Empty(result.Failures);
        Assert.Equal(3, _world.Server.CountRequests(_debian.UrlPath));
    }

    [Fact]
    public async Task A_429_is_retried_after_the_servers_Retry_After()
    {
        _world.Publish([_alma]);
        _world.Server[_alma.UrlPath].TooManyRequests = 1;
        var options = _world.Options();
        options = options with { Http = options.Http with { RetryMaxDelay = TimeSpan.FromSeconds(5) } };
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var result = await _world.SyncAsync(options);
        Assert.Empty(result.Failures);
        Assert.True(sw.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {sw.Elapsed}");
        Assert.Equal(2, _world.Server.CountRequests(_alma.UrlPath));
    }

    [Fact]
    public async Task A_server_that_keeps_failing_is_reported_after_the_last_attempt_and_other_images_still_sync()
    {
        _world.Publish([_debian, _alma]);
        _world.Server[_debian.UrlPath].FailWith500 = 100;
        var result = await _world.SyncAsync();
        var failure = Assert.Single(result.Failures);
        Assert.Equal("download-failed", failure.Reason);
        Assert.Contains("HTTP 500", failure.Message);
        Assert.Contains("after 4 attempts", failure.Message);
        Assert.True(File.Exists(_world.ImagePath(_alma)));
    }

    [Fact]
    public async Task A_wrong_digest_is_discarded_and_reported()
    {
        _world.Publish([_debian]);
        var evil = (byte[])_debian.Bytes.Clone();
        evil[1000] ^= 0xff;
        _world.Server.Serve(_debian.UrlPath, evil);
        var result = await _world.SyncAsync();
        var failure = Assert.Single(result.Failures);
        Assert.Equal(ListReasons.ImageDigestMismatch, failure.Reason);
        Assert.False(File.Exists(_world.ImagePath(_debian)));
        Assert.Empty(Directory.GetFiles(Path.Combine(_world.Cache, ".partial")));
        Assert.Empty(result.Events);
    }

    [Fact]
    public async Task An_image_larger_than_listed_is_cut_off_and_reported()
    {
        _world.Publish([_debian]);
        _world.Server.Serve(_debian.UrlPath, [.. _debian.Bytes, .. new byte[4096]]);
        var result = await _world.SyncAsync();
        Assert.Equal(ListReasons.ImageSizeMismatch, Assert.Single(result.Failures).Reason);
        Assert.False(File.Exists(_world.ImagePath(_debian)));
    }

    [Fact]
    public async Task A_slow_server_hits_the_deadline()
    {
        _world.Publish([_debian]);
        _world.Server[_debian.UrlPath].ChunkDelay = TimeSpan.FromMilliseconds(50);
        var options = _world.Options();
        options = options with { Http = options.Http with { ImageDeadline = TimeSpan.FromSeconds(1) } };
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var result = await _world.SyncAsync(options);
        sw.Stop();
        var failure = Assert.Single(result.Failures);
        Assert.Contains("deadline exceeded", failure.Message);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
        Assert.False(File.Exists(_world.ImagePath(_debian)));
    }

    [Fact]
    public async Task A_stalled_transfer_hits_the_idle_timeout_and_resumes_until_the_deadline()
    {
        _world.Publish([_alma]);
        _world.Server[_alma.UrlPath].ChunkDelay = TimeSpan.FromSeconds(2);
        var options = _world.Options();
        options = options with { Http = options.Http with { IdleTimeout = TimeSpan.FromMilliseconds(300), ImageDeadline = TimeSpan.FromSeconds(2) } };
        var result = await _world.SyncAsync(options);
        Assert.Contains("deadline exceeded", Assert.Single(result.Failures).Message);
        var ranges = _world.Server.Requests.Where(r => r.Path == _alma.UrlPath).Select(r => r.Range).ToList();
        Assert.True(ranges.Count >= 2, $"{ranges.Count} requests");
        Assert.All(ranges.Skip(1), r => Assert.StartsWith("bytes=", r)); // each stalled attempt resumed where it stopped
    }

    [Fact]
    public async Task An_expired_list_expires_every_cached_image()
    {
        _world.Publish([_debian, _alma], expiresIn: TimeSpan.FromDays(2));
        await _world.SyncAsync();
        _world.Time.Offset = TimeSpan.FromDays(3);
        var ex = await Assert.ThrowsAsync<VerificationException>(() => _world.SyncAsync());
        Assert.Equal(ListReasons.ListExpired, ex.Reason);
        Assert.Equal(2, _world.Events.Count(e => e.Kind == SyncEventKind.Expired && e.Image.Reason == "list-expired"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_world.Cache, "images")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_world.Cache, "expired")).Length);

        _world.Publish([_debian]); // a fresh list endorses debian again: it comes back without a download
        var requests = _world.Server.CountRequests(_debian.UrlPath);
        var fresh = await _world.SyncAsync();
        Assert.Equal(SyncEventKind.Available, Assert.Single(fresh.Events).Kind);
        Assert.Equal(requests, _world.Server.CountRequests(_debian.UrlPath));
        Assert.True(File.Exists(_world.ImagePath(_debian)));
    }

    [Fact]
    public async Task An_unreachable_list_server_after_the_last_list_expired_expires_the_cache()
    {
        _world.Publish([_debian], expiresIn: TimeSpan.FromDays(2));
        await _world.SyncAsync();
        _world.Server["/endorsed-images.json"].FailWith500 = 1000;
        var still = await Assert.ThrowsAsync<ExternalToolException>(() => _world.SyncAsync());
        Assert.Contains("HTTP 500", still.Message);
        Assert.True(File.Exists(_world.ImagePath(_debian))); // the last list is still valid: keep serving

        _world.Time.Offset = TimeSpan.FromDays(3);
        await Assert.ThrowsAsync<ExternalToolException>(() => _world.SyncAsync());
        Assert.False(File.Exists(_world.ImagePath(_debian)));
        Assert.Contains(_world.Events, e => e.Kind == SyncEventKind.Expired && e.Image.Reason == "list-expired");
    }

    [Fact]
    public async Task A_tampered_list_is_rejected_and_the_cache_left_alone()
    {
        var content = _world.Publish([_debian]);
        await _world.SyncAsync();
        var bundle = _world.Signer.Sign(content);
        var tampered = ImageGate.Testing.Lists.ListPublication.Mutate(content, root => root["version"] = 2);
        _world.ServeList(tampered, bundle);
        var ex = await Assert.ThrowsAsync<VerificationException>(() => _world.SyncAsync());
        Assert.Equal(ListReasons.DigestMismatch, ex.Reason);
        Assert.True(File.Exists(_world.ImagePath(_debian)));
        Assert.Equal(1, ListVerifier.LastAccepted(_world.Cache)!.Version);
    }

    [Fact]
    public async Task A_list_from_the_wrong_signer_downloads_nothing()
    {
        using var attacker = new ListSigner();
        var content = ListSigner.Compose(1, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), [_debian.Entry(_world.Server.BaseUrl)]);
        _world.Server.Serve(_debian.UrlPath, _debian.Bytes);
        _world.ServeList(content, attacker.Sign(content));
        var ex = await Assert.ThrowsAsync<VerificationException>(() => _world.SyncAsync());
        Assert.Equal(ListReasons.SignatureInvalid, ex.Reason);
        Assert.Equal(0, _world.Server.CountRequests(_debian.UrlPath));
    }

    [Fact]
    public async Task A_rollback_to_an_older_signed_list_is_rejected_and_keeps_the_newer_images()
    {
        var v1 = _world.Publish([_debian]);
        var v1Bundle = _world.Signer.Sign(v1);
        _world.Publish([_alma]); // v2 revokes debian
        await _world.SyncAsync();
        _world.ServeList(v1, v1Bundle); // an attacker replays the older, validly signed list
        var ex = await Assert.ThrowsAsync<VerificationException>(() => _world.SyncAsync());
        Assert.Equal(ListReasons.Rollback, ex.Reason);
        Assert.False(File.Exists(_world.ImagePath(_debian)));
        Assert.True(File.Exists(_world.ImagePath(_alma)));
    }

    [Fact]
    public async Task Two_concurrent_syncs_are_kept_apart_by_the_lock()
    {
        _world.Publish([_debian]);
        _world.Server[_debian.UrlPath].ChunkDelay = TimeSpan.FromMilliseconds(2); // ~0.6 s download
        var first = _world.SyncAsync();
        await WaitUntilAsync(() => _world.Server.CountRequests(_debian.UrlPath) > 0);
        var ex = await Assert.ThrowsAsync<ExternalToolException>(() => _world.SyncAsync());
        Assert.Contains("another sync holds the lock", ex.Message);
        // The lock is a real flock(2): another process (a second cron run) sees it too.
        var other = ImageGate.Testing.ExternalProcess.Run("flock", ["-n", Path.Combine(_world.Cache, "sync.lock"), "true"]);
        Assert.Equal(1, other.ExitCode);
        var waiting = _world.SyncAsync(_world.Options() with { LockWait = TimeSpan.FromSeconds(30) });
        var a = await first;
        var b = await waiting;
        Assert.Single(a.Events);
        Assert.Empty(b.Events); // it ran after the first, and found the work done
        Assert.Equal(1, _world.Server.CountRequests(_debian.UrlPath));
    }

    [Fact]
    public async Task A_hook_gets_the_event_and_the_image_metadata()
    {
        _world.Publish([_debian]);
        var log = Path.Combine(_world.Temp.Path, "hook.log");
        var hook = $"echo \"$IMAGEGATE_EVENT|$IMAGEGATE_IMAGE_NAME|$IMAGEGATE_IMAGE_VERSION|$IMAGEGATE_IMAGE_SHA512|$IMAGEGATE_IMAGE_PATH|$IMAGEGATE_IMAGE_FORMAT|$IMAGEGATE_LIST_VERSION|$IMAGEGATE_REASON\" >> '{log}'";
        await _world.SyncAsync(_world.Options() with { Hook = hook });
        _world.Publish([]);
        await _world.SyncAsync(_world.Options() with { Hook = hook });
        var lines = await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken);
        Assert.Equal(2, lines.Length);
        Assert.Equal($"available|debian-12|2026.11.01|{_debian.Sha512}|{_world.ImagePath(_debian)}|qcow2|1|", lines[0]);
        Assert.StartsWith($"expired|debian-12|2026.11.01|{_debian.Sha512}|{Path.Combine(_world.Cache, "expired")}/", lines[1]);
        Assert.EndsWith("|2|revoked-or-unlisted", lines[1]);
    }

    [Fact]
    public async Task A_sync_writes_its_state_once_at_the_end_not_after_every_image()
    {
        var ubuntu = TestImage.Random("ubuntu-24.04", "24.04.1");
        _world.Publish([_debian, _alma, ubuntu]);
        var log = Path.Combine(_world.Temp.Path, "hook.log");
        var hook = $"if [ -e \"$IMAGEGATE_CACHE/cache-state.json\" ]; then echo \"written $IMAGEGATE_IMAGE_NAME\"; else echo \"none $IMAGEGATE_IMAGE_NAME\"; fi >> '{log}'";

        var result = await _world.SyncAsync(_world.Options() with { Hook = hook });

        Assert.Equal(3, result.Events.Count(e => e.Kind == SyncEventKind.Available));
        // Every image's hook ran before the run's one write of the state (a fresh cache has none before it).
        Assert.Equal(["none alma-9", "none debian-12", "none ubuntu-24.04"], (await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken)).Order());
        var state = await File.ReadAllTextAsync(Path.Combine(_world.Cache, "cache-state.json"), TestContext.Current.CancellationToken);
        Assert.Contains(_debian.Sha512, state);
        Assert.Contains(_alma.Sha512, state);
        Assert.Contains(ubuntu.Sha512, state);
        var again = await _world.SyncAsync(_world.Options() with { Hook = hook });
        Assert.Empty(again.Events);
        Assert.Equal(3, again.Images.Count(i => i.Status == CachedImageStatus.Available));
    }

    [Fact]
    public async Task A_failing_hook_is_reported_and_runs_again_at_the_next_sync()
    {
        _world.Publish([_debian]);
        var flag = Path.Combine(_world.Temp.Path, "ok");
        var log = Path.Combine(_world.Temp.Path, "hook.log");
        var hook = $"test -f '{flag}' || {{ echo cloud down >&2; exit 7; }}; echo \"$IMAGEGATE_EVENT $IMAGEGATE_IMAGE_NAME\" >> '{log}'";
        var first = await _world.SyncAsync(_world.Options() with { Hook = hook });
        var failed = Assert.Single(first.Events);
        Assert.Contains("exited with 7", failed.HookError);
        Assert.Contains("cloud down", failed.HookError);

        await File.WriteAllTextAsync(flag, "", TestContext.Current.CancellationToken);
        var second = await _world.SyncAsync(_world.Options() with { Hook = hook });
        var retried = Assert.Single(second.Events);
        Assert.Null(retried.HookError);
        Assert.Equal(["available debian-12"], await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken));
        var third = await _world.SyncAsync(_world.Options() with { Hook = hook });
        Assert.Empty(third.Events);
    }

    [Fact]
    public async Task A_list_read_from_files_with_relative_uris_is_refused_per_image()
    {
        var entry = _debian.Entry(_world.Server.BaseUrl) with { Uri = "images/debian.qcow2" };
        var content = ListSigner.Compose(1, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), [entry]);
        var list = _world.Signer.WriteSigned(_world.Temp.Path, content);
        var result = await _world.SyncAsync(_world.Options() with { List = list });
        Assert.Contains("relative", Assert.Single(result.Failures).Message);
    }

    [Fact]
    public async Task Relative_image_uris_resolve_against_the_list_url()
    {
        var entry = _debian.Entry(_world.Server.BaseUrl) with { Uri = "images/debian-12-2026.11.01.qcow2" };
        var content = ListSigner.Compose(1, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1), [entry]);
        _world.Server.Serve(_debian.UrlPath, _debian.Bytes);
        _world.ServeList(content, _world.Signer.Sign(content));
        var result = await _world.SyncAsync();
        Assert.Empty(result.Failures);
        Assert.True(File.Exists(_world.ImagePath(_debian)));
    }

    [Fact]
    public async Task Images_whose_name_and_version_join_to_the_same_text_get_their_own_files()
    {
        // a-b@c and a@b-c were both images/a-b-c.qcow2; the same bytes under two names were one expired/ file.
        var bytes = new byte[4096];
        Random.Shared.NextBytes(bytes);
        var first = new TestImage("a-b", "c", bytes);
        var second = new TestImage("a", "b-c", bytes);
        var entries = new[] { (first, "/one.qcow2"), (second, "/two.qcow2") }.Select(x =>
        {
            _world.Server.Serve(x.Item2, x.Item1.Bytes);
            return x.Item1.Entry(_world.Server.BaseUrl) with { Uri = _world.Server.BaseUrl + x.Item2 };
        }).ToList();
        var now = DateTimeOffset.UtcNow;
        var content = ListSigner.Compose(1, now.AddMinutes(-1), now.AddDays(1), entries);
        _world.ServeList(content, _world.Signer.Sign(content));

        var result = await _world.SyncAsync();
        Assert.Empty(result.Failures);
        var paths = result.Images.Select(i => i.Path!).ToList();
        Assert.Equal(2, paths.Distinct(StringComparer.Ordinal).Count());
        foreach (var image in result.Images)
            Assert.Equal(image.Image.Sha512, Sha512Of(Path.Combine(_world.Cache, image.Path!)));

        var empty = ListSigner.Compose(2, now.AddMinutes(-1), now.AddDays(1), []);
        _world.ServeList(empty, _world.Signer.Sign(empty));
        var revoked = await _world.SyncAsync();
        Assert.Equal(2, revoked.Events.Count(e => e.Kind == SyncEventKind.Expired));
        var expired = revoked.Images.Select(i => i.Path).ToList();
        Assert.DoesNotContain(null, expired);
        Assert.Equal(2, expired.Distinct(StringComparer.Ordinal).Count());
        Assert.All(expired, p => Assert.True(File.Exists(Path.Combine(_world.Cache, p!)), p));
    }

    [Fact]
    public void A_dot_in_the_format_cannot_make_two_images_share_a_file_name()
    {
        var a = TestImage.Random("a", "1.raw", kib: 1, format: "qcow2").Entry("http://x");
        var b = TestImage.Random("a", "1", kib: 1, format: "raw.qcow2").Entry("http://x") with { Sha512 = a.Sha512 };
        Assert.NotEqual(CacheFileName.Available(a), CacheFileName.Available(b));
        Assert.NotEqual(CacheFileName.Expired(a), CacheFileName.Expired(b));
        Assert.Equal(Path.Combine("images", "a@1.raw.qcow2"), CacheFileName.Available(a));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
            await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.True(condition());
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();
}
