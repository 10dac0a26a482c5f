using ImageGate.Core.Outcomes;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Rechecking;

namespace ImageGate.Endorsement.Tests.Rechecking;

public sealed class RecheckResultTests
{
    private static RecheckResult Result(params RecheckStatus[] statuses) =>
        new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), "0123456789abcdef",
            statuses.Select((s, i) => new ImageRecheck(new ImageReference("img", $"{i}"), new string('a', 64), s, s.ToString())).ToList(), []);

    [Fact]
    public void Every_image_current_or_without_an_inventory_passes()
    {
        Assert.Equal(Outcome.Passed, Result().Outcome);
        Assert.Equal(Outcome.Passed, Result(RecheckStatus.Current, RecheckStatus.NoInventory).Outcome);
    }

    [Fact]
    public void An_image_missing_security_updates_fails_the_gate_even_when_another_check_failed()
    {
        Assert.Equal(Outcome.GateFailed, Result(RecheckStatus.Current, RecheckStatus.MissingUpdates).Outcome);
        Assert.Equal(Outcome.GateFailed, Result(RecheckStatus.Failed, RecheckStatus.MissingUpdates).Outcome);
    }

    [Fact]
    public void A_check_that_could_not_be_made_leaves_the_recheck_incomplete()
    {
        Assert.Equal(Outcome.Incomplete, Result(RecheckStatus.Current, RecheckStatus.Failed).Outcome);
    }
}
