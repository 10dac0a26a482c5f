using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands.Signing;

public sealed class IdentityCliOptionsTests
{
    [Theory]
    [InlineData("verify")]
    [InlineData("endorse")]
    [InlineData("site", "verify")]
    [InlineData("site", "check")]
    [InlineData("site", "sync")]
    public async Task Every_verifying_verb_takes_the_same_identity_options(params string[] verb)
    {
        var r = await CliRunner.RunAsync([.. verb, "--help"]);
        Assert.Equal(0, r.ExitCode);
        foreach (var option in new[] { "--certificate-identity", "--certificate-identity-regexp", "--certificate-oidc-issuer",
                     "--certificate-github-workflow-repository", "--certificate-github-workflow-ref", "--certificate-github-workflow",
                     "--key", "--insecure-ignore-tlog", "--trusted-root" })
            Assert.Contains(option + " ", r.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--certificate-oidc-issuer", "https://token.actions.githubusercontent.com", "--certificate-identity", "https://example.org/me")]
    [InlineData("--certificate-oidc-issuer", "https://issuer.example.org", "--certificate-identity-regexp", @"https://github\.com/o/r/\.github/workflows/.+")]
    public async Task A_github_actions_identity_without_a_repository_pin_is_exit_2_with_the_reason(params string[] identity)
    {
        using var temp = new TempDirectory();
        var list = temp.Combine("list.json");
        File.WriteAllText(list, "{}");
        var r = await CliRunner.RunAsync(["site", "verify", list, .. identity]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("needs --certificate-github-workflow-repository", r.StandardError);
        Assert.Contains("reusable workflow", r.StandardError);
        Assert.DoesNotContain("   at ", r.StandardError);
    }

    [Fact]
    public async Task Ignoring_the_log_is_for_key_bundles_only_and_a_bad_repository_pin_is_exit_2()
    {
        using var temp = new TempDirectory();
        var list = temp.Combine("list.json");
        File.WriteAllText(list, "{}");
        var keyless = await CliRunner.RunAsync(["site", "verify", list, "--certificate-identity", "a@example.org",
            "--certificate-oidc-issuer", "https://accounts.example.org", "--insecure-ignore-tlog"]);
        Assert.Equal(2, keyless.ExitCode);
        Assert.Contains("--insecure-ignore-tlog applies only to key-signed bundles", keyless.StandardError);
        var badRepo = await CliRunner.RunAsync(["site", "check", list, "--list", list, "--certificate-identity", "a@example.org",
            "--certificate-oidc-issuer", "https://token.actions.githubusercontent.com", "--certificate-github-workflow-repository", "not a repo"]);
        Assert.Equal(2, badRepo.ExitCode);
        Assert.Contains("--certificate-github-workflow-repository must be OWNER/REPO", badRepo.StandardError);
    }
}
