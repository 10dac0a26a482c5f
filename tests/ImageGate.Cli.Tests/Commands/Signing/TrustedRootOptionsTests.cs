using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands.Signing;

public sealed class TrustedRootOptionsTests
{
    [Theory]
    [InlineData("verify")]
    [InlineData("verify-bundle")]
    [InlineData("sign")]
    [InlineData("sign-bundle")]
    [InlineData("publish")]
    [InlineData("run")]
    [InlineData("site", "verify")]
    [InlineData("site", "check")]
    [InlineData("site", "sync")]
    [InlineData("trusted-root", "update")]
    public async Task Every_verb_that_takes_a_trusted_root_can_get_it_through_tuf(params string[] verb)
    {
        var r = await CliRunner.RunAsync([.. verb, "--help"]);
        Assert.Equal(0, r.ExitCode);
        foreach (var option in new[] { "--tuf-url", "--tuf-root", "--tuf-cache" })
            Assert.Contains(option, r.StandardOutput, StringComparison.Ordinal);
        if (verb[0] != "trusted-root") Assert.Contains("--trusted-root", r.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_trusted_root_verb()
    {
        var r = await CliRunner.RunAsync(["--help"]);
        Assert.Contains("trusted-root", r.StandardOutput, StringComparison.Ordinal);
        var sub = await CliRunner.RunAsync(["trusted-root", "--help"]);
        Assert.Contains("update", sub.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tuf_cache_without_a_tuf_url_is_bad_input_naming_the_missing_option()
    {
        using var dir = new TempDirectory();
        var r = await CliRunner.RunAsync(["verify-bundle", "--bundle", dir.Combine("b.json"), "--key", dir.Combine("k.pub"), "--tuf-cache", dir.Path, "sha256:" + new string('0', 64)]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("need --tuf-url", r.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_tuf_url_without_an_initial_root_or_cache_is_bad_input()
    {
        using var dir = new TempDirectory();
        var r = await CliRunner.RunAsync(["trusted-root", "update", "--tuf-url", "http://127.0.0.1:9/", "--tuf-cache", dir.Combine("cache")]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("give the repository's initial root metadata (--tuf-root FILE)", r.StandardError, StringComparison.Ordinal);
    }
}
