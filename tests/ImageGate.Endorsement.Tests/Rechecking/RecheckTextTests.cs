using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Rechecking;

namespace ImageGate.Endorsement.Tests.Rechecking;

public sealed class RecheckTextTests
{
    [Fact]
    public void The_job_summary_makes_untrusted_text_safe_in_its_table()
    {
        var image = new ImageRecheck(new ImageReference("debian12", "2026.11.1"), "ab", RecheckStatus.Failed,
            "metadata at <script>x</script> | broken\nfor @octocat");
        var summary = RecheckText.Summary(new RecheckResult(DateTimeOffset.UnixEpoch, "c0ffee", [image], []));

        var row = Assert.Single(summary.Split('\n'), l => l.StartsWith("| `debian12@2026.11.1` |", StringComparison.Ordinal));
        Assert.Contains("| failed |", row, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", row, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", row, StringComparison.Ordinal);
        Assert.Contains("\\| broken", row, StringComparison.Ordinal);
        Assert.DoesNotContain(" @octocat", row, StringComparison.Ordinal);
        Assert.EndsWith("|", row, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_recheck_says_no_image_is_endorsed() =>
        Assert.Contains("no image is currently endorsed", RecheckText.Summary(new RecheckResult(DateTimeOffset.UnixEpoch, "c0ffee", [], [])), StringComparison.Ordinal);
}
