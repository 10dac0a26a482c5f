using ImageGate.Testing;

namespace ImageGate.Scanning.Tests.Credentials;

public sealed class CloudRootTests
{
    [Fact]
    public async Task A_real_debian_12_cloud_root_without_host_keys_has_no_credential_or_account_finding()
    {
        var report = await ScanFixtures.ScanAsync("debian12-cloud-root.tar");
        Assert.True(report.Packages.Count >= 150, $"only {report.Packages.Count} packages: not a cloud root");
        Assert.Contains(report.Packages, p => p.Name == "cloud-init");
        Assert.Contains(report.Packages, p => p.Name == "openssh-server");
        var noisy = report.Findings.Where(f => f.RuleId.StartsWith("credentials/", StringComparison.Ordinal) || f.RuleId.StartsWith("accounts/", StringComparison.Ordinal))
            .Select(f => $"{f.RuleId} {f.Path}: {f.Message}").ToList();
        Assert.True(noisy.Count == 0, string.Join("\n", noisy));
        Console.WriteLine(report.Sections.TryGetValue("packagedKeys", out var p) ? p!.ToJsonString() : "no packaged keys");
    }
}
