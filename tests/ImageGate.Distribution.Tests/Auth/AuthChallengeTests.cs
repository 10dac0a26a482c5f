using ImageGate.Distribution.Auth;

namespace ImageGate.Distribution.Tests.Auth;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Bearer_parameters_are_read_with_quoted_commas_and_spaces()
    {
        var p = AuthChallenge.ParseParameters("realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:a/b:pull,push repository:c:pull\"");

        Assert.Equal("https://ghcr.io/token", p["realm"]);
        Assert.Equal("ghcr.io", p["service"]);
        Assert.Equal("repository:a/b:pull,push repository:c:pull", p["scope"]);
    }
}
