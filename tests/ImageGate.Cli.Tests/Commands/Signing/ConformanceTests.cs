using ImageGate.Testing;
using ImageGate.Testing.Sigstore;

namespace ImageGate.Cli.Tests.Commands.Signing;

public sealed class ConformanceTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var name in ConformanceSuite.CaseNames()) data.Add(name);
        return data;
    }

    [Fact]
    public void The_suite_has_exactly_70_bundle_verify_cases()
    {
        Assert.Equal(ConformanceSuite.ExpectedCases, ConformanceSuite.CaseNames().Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_conformance_case_is_accepted_or_rejected_as_the_suite_says(string name)
    {
        var result = await CliRunner.RunAsync(ConformanceSuite.Arguments(name));
        var shouldFail = name.EndsWith("_fail", StringComparison.Ordinal);
        if (shouldFail)
        {
            Assert.True(result.ExitCode != 0, $"{name} must be rejected but was accepted: {result.StandardOutput}");
            Assert.DoesNotContain("unexpected error", result.StandardError, StringComparison.Ordinal);
        }
        else
            Assert.True(result.ExitCode == 0, $"{name} must be accepted but exit {result.ExitCode}: {result.StandardError}");
    }

    [Theory]
    [InlineData("happy-path-v0.3")]
    [InlineData("rekor2-happy-path")]
    [InlineData("managed-key-happy-path")]
    [InlineData("happy-path-intoto-in-dsse-v3")]
    public async Task A_digest_is_accepted_in_place_of_the_file(string name)
    {
        var result = await CliRunner.RunAsync(ConformanceSuite.Arguments(name, digest: true));
        Assert.True(result.ExitCode == 0, result.StandardError);
    }
}

public sealed class VerifyUsageTests
{
    [Fact]
    public async Task A_key_and_an_identity_together_are_bad_usage()
    {
        var dir = ConformanceSuite.CasesDirectory;
        var result = await CliRunner.RunAsync(["verify", "--bundle", Path.Combine(dir, "managed-key-happy-path", "bundle.sigstore.json"),
            "--key", Path.Combine(dir, "managed-key-happy-path", "key.pub"), "--certificate-identity", "x", "--certificate-oidc-issuer", "y",
            Path.Combine(dir, "a.txt")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not both", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_bundle_is_bad_input_naming_the_file()
    {
        var result = await CliRunner.RunAsync(["verify-bundle", "--bundle", "/nonexistent/b.json", "--certificate-identity", "x",
            "--certificate-oidc-issuer", "y", Path.Combine(ConformanceSuite.CasesDirectory, "a.txt")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/nonexistent/b.json", result.StandardError, StringComparison.Ordinal);
    }
}
