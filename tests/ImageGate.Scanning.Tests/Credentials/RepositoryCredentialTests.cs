using System.Text.RegularExpressions;
using ImageGate.DiskImages;
using ImageGate.Scanning.Rules;
using ImageGate.Testing.Images;

namespace ImageGate.Scanning.Tests.Credentials;

public sealed class RepositoryCredentialTests
{
    [Fact]
    public async Task Repository_credentials_in_apt_and_yum_configuration_are_credential_findings_naming_file_rule_and_fingerprint_only()
    {
        using var image = new RepositoryCredentialsImage();
        using var fs = ImageSource.Open(image.Root);
        var report = await new Scanner().ScanAsync(fs, new ScanOptions(), TestContext.Current.CancellationToken);

        var found = report.Findings.Where(f => f.RuleId is "credentials/repository-password" or "credentials/apt-auth" or "credentials/repository-client-key")
            .Select(f => (f.RuleId, f.Path)).Order().ToList();
        Assert.Equal(
        [
            ("credentials/apt-auth", "/etc/apt/auth.conf"),
            ("credentials/apt-auth", "/etc/apt/auth.conf.d/90private.conf"),
            ("credentials/repository-client-key", "/etc/yum.repos.d/private.repo"),
            ("credentials/repository-password", "/etc/apt/sources.list"),
            ("credentials/repository-password", "/etc/apt/sources.list.d/security.sources"),
            ("credentials/repository-password", "/etc/yum.repos.d/private.repo"),
        ], found);
        foreach (var f in report.Findings.Where(f => f.RuleId.StartsWith("credentials/", StringComparison.Ordinal)))
        {
            Assert.Equal("no-credentials", f.Clause);
            Assert.Matches(new Regex("^[0-9a-f]{16}$"), f.Fingerprint);
            Assert.True(f.Severity >= Severity.High);
            Assert.Contains("never sends them", f.Message, StringComparison.Ordinal);
            foreach (var secret in RepositoryCredentialsImage.Passwords)
                Assert.DoesNotContain(secret, f.Message, StringComparison.Ordinal);
        }
        Assert.Contains("2 URLs (deb.debian.org)", Assert.Single(report.Findings, f => f.Path == "/etc/apt/sources.list").Message, StringComparison.Ordinal);
        Assert.False(report.Passed);

        var rules = report.Rules.ToDictionary(r => r.Id);
        Assert.Contains("build time only", rules["credentials/repository-password"].Remedy, StringComparison.Ordinal);
        Assert.Contains("remove /etc/apt/auth.conf", rules["credentials/apt-auth"].Remedy, StringComparison.Ordinal);
        Assert.Equal(Severity.Critical, rules["credentials/repository-client-key"].DefaultSeverity);
    }

    [Fact]
    public async Task The_same_password_has_the_same_fingerprint_and_a_different_one_does_not()
    {
        using var image = new RepositoryCredentialsImage();
        File.WriteAllText(Path.Combine(image.Root, "etc/apt/auth.conf.d/91copy.conf"),
            $"machine elsewhere.example.invalid login x password {RepositoryCredentialsImage.Passwords[3]}\n");
        using var fs = ImageSource.Open(image.Root);
        var report = await new Scanner().ScanAsync(fs, new ScanOptions(), TestContext.Current.CancellationToken);
        var auth = report.Findings.Where(f => f.RuleId == "credentials/apt-auth").ToDictionary(f => f.Path, f => f.Fingerprint);
        Assert.Equal(auth["/etc/apt/auth.conf"], auth["/etc/apt/auth.conf.d/91copy.conf"]);
        Assert.NotEqual(auth["/etc/apt/auth.conf"], auth["/etc/apt/auth.conf.d/90private.conf"]);
    }
}
