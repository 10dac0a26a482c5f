using ImageGate.Core.Outcomes;
using ImageGate.Lists.Reading;
using ImageGate.Site.Sync;
using ImageGate.Site.Verification;

namespace ImageGate.Site.Tests.Sync;

public sealed class SyncResultTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly SiteImage Image = new("2f1d0c3e-1111-4222-8333-944455556666", "debian-12", "2026.11.01",
        new string('a', 64), new string('b', 128), 1234, "https://example.org/debian-12.qcow2", null, null, "qcow2");

    private static SyncResult Result(IReadOnlyList<SyncFailure>? failures = null, IReadOnlyList<SyncEvent>? events = null) =>
        new(7, Now.AddDays(28), events ?? [], failures ?? [], [], []);

    private static SyncEvent Available(string? hookError = null) =>
        new(SyncEventKind.Available, new CachedImage(Image, CachedImageStatus.Available, "/cache/images/x", Now), "/cache/images/x", hookError);

    [Fact]
    public void A_sync_with_no_failure_and_no_failed_hook_passes()
    {
        Assert.Equal(Outcome.Passed, Result(events: [Available()]).Outcome);
    }

    [Theory]
    [InlineData(ListReasons.ImageDigestMismatch)]
    [InlineData(ListReasons.ImageSizeMismatch)]
    public void Image_bytes_that_differ_from_the_list_fail_the_gate_even_beside_other_failures(string reason)
    {
        var result = Result([new SyncFailure("alma-9@1", "download-failed", "timeout"), new SyncFailure(Image.Label, reason, "differs")], [Available("exit 1")]);
        Assert.Equal(Outcome.GateFailed, result.Outcome);
    }

    [Fact]
    public void A_failed_download_leaves_the_sync_incomplete()
    {
        Assert.Equal(Outcome.Incomplete, Result([new SyncFailure(Image.Label, "download-failed", "connection reset")]).Outcome);
    }

    [Fact]
    public void A_failed_hook_leaves_the_sync_incomplete()
    {
        Assert.Equal(Outcome.Incomplete, Result(events: [Available("hook exited 2")]).Outcome);
    }
}
