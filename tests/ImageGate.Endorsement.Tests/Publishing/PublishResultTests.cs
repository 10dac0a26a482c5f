using ImageGate.Lists;
using ImageGate.Core.Outcomes;
using ImageGate.Endorsement.Approvals;
using ImageGate.Endorsement.Publishing;

namespace ImageGate.Endorsement.Tests.Publishing;

public sealed class PublishResultTests
{
    private static readonly EndorsedList List = new()
    {
        Version = 3,
        Created = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
        Expires = new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero),
        Endorser = new EndorserIdentity(null, null, null, null, null),
        Images = [],
    };

    [Fact]
    public void A_publication_that_left_nothing_out_passes_whatever_it_warned_about()
    {
        Assert.Equal(Outcome.Passed, new PublishResult(List, [], null) { Warnings = ["the previous list does not verify"] }.Outcome);
    }

    [Fact]
    public void An_endorsement_left_out_for_want_of_an_approval_fails_the_gate()
    {
        var result = new PublishResult(List, ["/out/endorsed-images.json"], null) { Refused = [new RefusedEndorsement("debian-12", "1", "no approval")] };
        Assert.Equal(Outcome.GateFailed, result.Outcome);
    }
}
