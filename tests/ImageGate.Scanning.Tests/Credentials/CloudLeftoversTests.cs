using ImageGate.Scanning.Reports;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Tests.Credentials;

/// <summary>The failing variant of the cloud image (issue 20): the real cloud root with what a Packer build leaves
/// behind when its last provisioner does not clean up, made by the tools that make it in a real build.</summary>
public sealed class CloudLeftoversTests
{
    /// <summary>openssh-server's host keys (ssh-keygen -A, as its postinst), ssl-cert's snakeoil key (openssl req, as
    /// make-ssl-cert), and the build user cloud-init made from the NoCloud seed: useradd, its authorized key and the
    /// sudo rule cloud-init writes.</summary>
    internal static void PlantBuildLeftovers(CloudVariant v)
    {
        Directory.CreateDirectory(v.Host("/etc/ssh"));
        CloudVariant.Tools("ssh-keygen", ["-A", "-f", v.Staging]);
        v.Plant("/etc/ssh/ssh_host_rsa_key", "/etc/ssh/ssh_host_rsa_key.pub", "/etc/ssh/ssh_host_ecdsa_key", "/etc/ssh/ssh_host_ecdsa_key.pub",
            "/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_ed25519_key.pub");
        Directory.CreateDirectory(v.Host("/etc/ssl/private"));
        Directory.CreateDirectory(v.Host("/etc/ssl/certs"));
        CloudVariant.Tools("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=debian", "-days", "3650",
            "-keyout", v.Host("/etc/ssl/private/ssl-cert-snakeoil.key"), "-out", v.Host("/etc/ssl/certs/ssl-cert-snakeoil.pem")]);
        v.Plant("/etc/ssl/private/ssl-cert-snakeoil.key", "/etc/ssl/certs/ssl-cert-snakeoil.pem");

        v.Extract("/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow");
        CloudVariant.Tools("useradd", ["--prefix", v.Staging, "-m", "-U", "-s", "/bin/bash", "packer"]);
        v.Plant("/home/packer");
        CloudVariant.Tools("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "packer-build", "-f", v.Host("/build_key")]);
        v.Write("/home/packer/.ssh/authorized_keys", File.ReadAllText(v.Host("/build_key.pub")), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        v.Write("/etc/sudoers.d/90-cloud-init-users",
            "\n# Created by cloud-init v. 22.4.2 on Tue, 01 Dec 2026 10:00:00 +0000\n\n# User rules for packer\npacker ALL=(ALL) NOPASSWD:ALL\n",
            UnixFileMode.UserRead | UnixFileMode.GroupRead);
    }

    [Fact]
    public async Task Host_keys_the_snakeoil_key_and_the_build_user_with_its_key_and_sudo_rule_give_one_finding_each_with_a_remedy_for_the_build()
    {
        using var v = new CloudVariant();
        PlantBuildLeftovers(v);
        var report = await v.ScanAsync();

        var found = report.Findings.Select(f => (f.RuleId, f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            ("accounts/non-system-user", "/etc/passwd"),
            ("credentials/ssh-host-key", "/etc/ssh/ssh_host_ecdsa_key"),
            ("credentials/ssh-host-key", "/etc/ssh/ssh_host_ed25519_key"),
            ("credentials/ssh-host-key", "/etc/ssh/ssh_host_rsa_key"),
            ("credentials/snakeoil-key", "/etc/ssl/private/ssl-cert-snakeoil.key"),
            ("accounts/passwordless-sudo", "/etc/sudoers.d/90-cloud-init-users"),
        ], found);
        Assert.All(report.Findings, f => Assert.True(f.Severity >= Severity.High, $"{f.RuleId} is {f.Severity}"));
        Assert.False(report.Passed);

        var user = Assert.Single(report.Findings, f => f.RuleId == "accounts/non-system-user");
        Assert.Contains("'packer'", user.Message, StringComparison.Ordinal);
        Assert.Contains("home /home/packer", user.Message, StringComparison.Ordinal);
        Assert.Contains("/home/packer/.ssh/authorized_keys", user.Message, StringComparison.Ordinal);
        Assert.Contains("NOPASSWD sudo in /etc/sudoers.d/90-cloud-init-users", user.Message, StringComparison.Ordinal);

        string Remedy(string id) => Assert.Single(report.Rules, r => r.Id == id).Remedy!;
        Assert.Contains("rm -f /etc/ssh/ssh_host_*_key", Remedy("credentials/ssh-host-key"), StringComparison.Ordinal);
        Assert.Contains("cloud-init", Remedy("credentials/ssh-host-key"), StringComparison.Ordinal);
        Assert.Contains("make-ssl-cert generate-default-snakeoil --force-overwrite", Remedy("credentials/snakeoil-key"), StringComparison.Ordinal);
        Assert.Contains("first boot", Remedy("credentials/snakeoil-key"), StringComparison.Ordinal);
        Assert.Contains("last provisioner", Remedy("accounts/non-system-user"), StringComparison.Ordinal);
        Assert.Contains("last provisioner", Remedy("accounts/passwordless-sudo"), StringComparison.Ordinal);

        // Every finding has a fingerprint; no output holds a key's bytes.
        Assert.All(report.Findings, f => Assert.False(string.IsNullOrEmpty(f.Fingerprint)));
        var outputs = JsonReportWriter.ToJson(report) + MarkdownReportWriter.ToMarkdown(report);
        foreach (var key in new[] { "/etc/ssh/ssh_host_ed25519_key", "/etc/ssl/private/ssl-cert-snakeoil.key", "/home/packer/.ssh/authorized_keys" })
            foreach (var line in File.ReadAllLines(v.Host(key)).Where(l => l.Length >= 40 && !l.StartsWith("-----", StringComparison.Ordinal)).Take(3))
                Assert.DoesNotContain(line.Length > 60 ? line[20..60] : line[..40], outputs, StringComparison.Ordinal);
    }
}
