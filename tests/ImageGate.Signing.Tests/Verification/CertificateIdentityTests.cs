using ImageGate.Signing.Verification;

namespace ImageGate.Signing.Tests.Verification;

public sealed class CertificateIdentityTests
{
    private const string Workflow = "https://github.com/org/list/.github/workflows/publish-list.yml@refs/heads/main";

    [Fact]
    public void A_pattern_matches_the_whole_san()
    {
        Assert.True(CertificateIdentity.Pattern(@"https://github\.com/org/list/.*", "https://token.actions.githubusercontent.com").MatchesSan(Workflow));
        Assert.False(CertificateIdentity.Pattern("publish-list", "https://token.actions.githubusercontent.com").MatchesSan(Workflow));
    }

    [Fact]
    public void A_pattern_does_not_match_a_san_with_a_trailing_newline() =>
        Assert.False(CertificateIdentity.Pattern(@"https://github\.com/org/list/\.github/workflows/publish-list\.yml@refs/heads/main", "https://token.actions.githubusercontent.com")
            .MatchesSan(Workflow + "\n"));
}
