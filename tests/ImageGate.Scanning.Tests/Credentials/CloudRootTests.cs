using System.Text.Json.Nodes;

namespace ImageGate.Scanning.Tests.Credentials;

public sealed class CloudRootTests
{
    [Fact]
    public async Task A_real_debian_12_cloud_root_without_host_keys_has_no_finding_and_its_packaged_samples_are_listed_as_packaged()
    {
        var report = await ScanFixtures.ScanAsync("debian12-cloud-root.tar");
        Assert.True(report.Packages.Count >= 150, $"only {report.Packages.Count} packages: not a cloud root");
        Assert.Contains(report.Packages, p => p.Name == "cloud-init");
        Assert.Contains(report.Packages, p => p.Name == "openssh-server");
        var noisy = report.Findings.Where(f => f.RuleId.StartsWith("credentials/", StringComparison.Ordinal) || f.RuleId.StartsWith("accounts/", StringComparison.Ordinal))
            .Select(f => $"{f.RuleId} {f.Path}: {f.Message}").ToList();
        Assert.True(noisy.Count == 0, string.Join("\n", noisy));
        // Nor any other finding (the patch check is not run here): its services are recognised as systemd starts them
        // (rsyslog and chrony by their wants links, journald as static, cloud-init's four units through cloud-init.target,
        // with no datasource_list: every data source), and ssl-cert is not installed.
        var all = report.Findings.Select(f => $"{f.RuleId} {f.Path}: {f.Message}").ToList();
        Assert.True(all.Count == 0, string.Join("\n", all));
        // What the new rules recognise in files packages shipped unchanged is reported as packaged, not as leftovers:
        // the sample secret of OpenSSL's openssl.cnf (a conffile: its MD5 is in dpkg's status) and PyJWT's example tokens.
        var packaged = Assert.IsType<JsonArray>(report.Sections["packagedKeys"]);
        Assert.Contains(packaged, p => (string?)p!["path"] == "/etc/ssl/openssl.cnf" && (string?)p["ruleId"] == "credentials/config-password" && (string?)p["package"] == "openssl");
        Assert.Contains(packaged, p => (string?)p!["ruleId"] == "credentials/jwt" && (string?)p["package"] == "python3-jwt");
    }
}
