using System.Text.Json.Nodes;
using ImageGate.DiskImages.FileSystems.Host;
using ImageGate.Testing;
using ImageGate.Testing.Images;

namespace ImageGate.Scanning.Tests.Credentials;

public sealed class RpmPackagedFilesTests
{
    [Fact]
    public async Task A_file_an_rpm_shipped_unchanged_is_reported_as_packaged_and_a_changed_one_is_a_finding()
    {
        ExternalProcess.Require("rpmbuild");
        using var tmp = new TempDirectory();
        var top = tmp.Combine("rpmbuild");
        Directory.CreateDirectory(Path.Combine(top, "SPECS"));
        var sample = ServiceSecretRoot.Tok("rpm-sample", 16);
        var other = ServiceSecretRoot.Tok("rpm-other", 16);
        var spec = Path.Combine(top, "SPECS", "rpmd.spec");
        File.WriteAllText(spec, "%global debug_package %{nil}\nName: imagegate-rpmd\nVersion: 1.0\nRelease: 1\nSummary: sample secrets\nLicense: MIT\nBuildArch: noarch\n"
            + "%description\nShips configuration with sample secrets.\n%install\nmkdir -p %{buildroot}/etc/rpmd\n"
            + $"echo 'password = {sample}' > %{{buildroot}}/etc/rpmd/sample.conf\necho 'password = {other}' > %{{buildroot}}/etc/rpmd/changed.conf\n"
            + "%files\n%config(noreplace) /etc/rpmd/sample.conf\n%config(noreplace) /etc/rpmd/changed.conf\n");
        var build = ExternalProcess.Run("rpmbuild", ["-bb", "--quiet", "--define", $"_topdir {top}", spec], timeout: TimeSpan.FromMinutes(5));
        Assert.True(build.ExitCode == 0, build.StandardError);
        var root = tmp.Combine("root");
        Directory.CreateDirectory(root);
        var install = ExternalProcess.Run("rpm", ["--root", root, "--define", "_dbpath /var/lib/rpm", "-i", "--nodeps", "--noscripts",
            Path.Combine(top, "RPMS", "noarch", "imagegate-rpmd-1.0-1.noarch.rpm")]);
        Assert.True(install.ExitCode == 0, install.StandardError);
        File.WriteAllText(Path.Combine(root, "etc/rpmd/changed.conf"), $"password = {ServiceSecretRoot.Tok("rpm-changed", 16)}\n");

        using var fs = new HostDirectoryFileSystem(root);
        var report = await new Scanner().ScanAsync(fs, new ScanOptions(), CancellationToken.None);
        Assert.DoesNotContain(report.Findings, f => f.Path == "/etc/rpmd/sample.conf");
        var packaged = Assert.IsType<JsonArray>(report.Sections["packagedKeys"]);
        Assert.Contains(packaged, p => (string?)p!["path"] == "/etc/rpmd/sample.conf" && (string?)p["package"] == "imagegate-rpmd" && (string?)p["ruleId"] == "credentials/config-password");
        Assert.Contains(report.Findings, f => f.Path == "/etc/rpmd/changed.conf" && f.RuleId == "credentials/config-password");
    }
}
