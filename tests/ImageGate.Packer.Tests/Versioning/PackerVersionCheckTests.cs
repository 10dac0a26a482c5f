using ImageGate.Packer.Versioning;

namespace ImageGate.Packer.Tests.Versioning;

public sealed class PackerVersionCheckTests
{
    [Theory]
    [InlineData("1.6.6", "1.6.6")]
    [InlineData("Packer v1.11.2", "1.11.2")]
    [InlineData("v1.9", "1.9.0")]
    [InlineData("1.10.0-dev", "1.10.0")]
    public void Versions_are_read_from_packer_text(string text, string expected) =>
        Assert.Equal(Version.Parse(expected), PackerVersionCheck.ParseVersion(text));

    [Theory]
    [InlineData("")]
    [InlineData("Packer")]
    [InlineData("99999999999.1.1")]
    public void Text_without_a_version_gives_none(string text) => Assert.Null(PackerVersionCheck.ParseVersion(text));

    [Fact]
    public void An_older_packer_yields_the_outdated_finding()
    {
        var check = PackerVersionCheck.Evaluate(new Version(1, 6, 6), new Version(1, 11, 0));
        Assert.True(check.IsOutdated);
        Assert.Equal("tooling/packer-outdated", check.Finding!.RuleId);
        Assert.Equal("high", check.Finding.Severity);
        Assert.Contains("1.6.6", check.Finding.Message, StringComparison.Ordinal);
        Assert.Contains("1.11.0", check.Finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.6.6", "1.6.6")]
    [InlineData("1.7.0", "1.6.6")]
    [InlineData("1.6.6", "1.6")]
    public void The_minimum_or_newer_passes(string installed, string minimum) =>
        Assert.Null(PackerVersionCheck.Evaluate(Version.Parse(installed), Version.Parse(minimum)).Finding);
}
