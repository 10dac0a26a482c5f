using ImageGate.Endorsement.Endorsing;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.History;
using ImageGate.Testing;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Endorsement.Tests.History;

public sealed class HistoryReaderTests
{
    [Fact]
    public async Task History_lists_endorsements_and_revocations_with_pr_merger_and_approver()
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var ct = TestContext.Current.CancellationToken;
        var a = TestInputs.CreateImage(temp, "alma9");
        var b = TestInputs.CreateImage(temp, "debian12", seed: 3);
        var endorser = new Endorser(TestInputs.GitClient, TestInputs.Signatures);
        var ra = await endorser.EndorseAsync(new EndorseRequest { ImagePath = a.Image, Name = "alma9", Version = "9.4", ReportPath = a.Report, BundlePath = a.Bundle, Uri = "https://example.org/a.qcow2", Repository = new ListRepository(origin) }, ct);
        var rb = await endorser.EndorseAsync(new EndorseRequest { ImagePath = b.Image, Name = "debian12", Version = "12.8", ReportPath = b.Report, BundlePath = b.Bundle, Uri = "https://example.org/b.qcow2", Repository = new ListRepository(origin) }, ct);
        var mergeA = TestInputs.MergeBranch(temp, origin, ra.Branch, 11, approver: "Alice <alice@example.org>");
        TestInputs.MergeBranch(temp, origin, rb.Branch, 12);
        var rv = await endorser.RevokeAsync(new RevokeRequest { Image = new ImageReference("alma9", "9.4"), Reason = "kernel CVE", RevokedBy = "bob", Repository = new ListRepository(origin) }, ct);
        var mergeRevoke = TestInputs.MergeBranch(temp, origin, rv.Branch, 13);
        // an unmerged proposal is not history
        var c = TestInputs.CreateImage(temp, "alma9", seed: 5);
        await endorser.EndorseAsync(new EndorseRequest { ImagePath = c.Image, Name = "alma9", Version = "9.5", ReportPath = c.Report, BundlePath = c.Bundle, Uri = "https://example.org/c.qcow2", Repository = new ListRepository(origin) }, ct);

        var all = await new HistoryReader(TestInputs.GitClient).ReadAsync(new ListRepository(origin), "main", null, ct);

        Assert.Equal(3, all.Count);
        var first = all[0];
        Assert.Equal((HistoryEventKind.Endorsed, "alma9", "9.4", 11), (first.Kind, first.Name, first.Version, first.PullRequest));
        Assert.Equal(mergeA, first.Commit);
        Assert.Equal("Test Reviewer", first.MergedBy);
        Assert.Empty(first.ApprovedBy); // a commit-message line is a claim, not a recorded approval
        Assert.Equal(["Alice <alice@example.org>"], first.UnverifiedApprovedBy);
        Assert.Equal(a.Sha256, first.Sha256);
        Assert.Equal((HistoryEventKind.Endorsed, "debian12", 12), (all[1].Kind, all[1].Name, all[1].PullRequest));
        Assert.Equal((HistoryEventKind.Revoked, "alma9", "kernel CVE", 13, mergeRevoke), (all[2].Kind, all[2].Name, all[2].Reason, all[2].PullRequest, all[2].Commit));

        var alma = await new HistoryReader(TestInputs.GitClient).ReadAsync(new ListRepository(origin), "main", "alma9", ct);
        Assert.Equal(2, alma.Count);
        Assert.All(alma, e => Assert.Equal("alma9", e.Name));
    }

    [Fact]
    public async Task History_of_a_missing_branch_is_bad_input()
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        await Assert.ThrowsAsync<Core.Errors.BadInputException>(() => new HistoryReader(TestInputs.GitClient).ReadAsync(new ListRepository(origin), "nope", null, TestContext.Current.CancellationToken));
    }
}
