using System.Text.Json;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using ImageGate.Testing.Images;

namespace ImageGate.Cli.Tests.Commands.Scan;

/// <summary>The patch check on a CentOS 7 root whose packages come from the Berkeley DB <c>Packages</c> file.</summary>
public sealed class CentOs7PatchCheckTests(BerkeleyRpmDatabase db) : IClassFixture<BerkeleyRpmDatabase>
{
    private const string Mirror = "http://mirror.centos.example.invalid";

    [Fact]
    public async Task A_security_advisory_for_a_package_in_the_Berkeley_DB_is_a_missing_security_update()
    {
        using var tmp = new TempDirectory("imagegate-centos7-repo");
        using var key = new TestGpgKey("ImageGate Test CentOS 7");
        var root = db.MakeCentOs7Root("patches", File.ReadAllBytes(db.PackagesFile("le-4k")));
        Directory.CreateDirectory(Path.Combine(root, "etc/yum.repos.d"));
        Directory.CreateDirectory(Path.Combine(root, "etc/pki/rpm-gpg"));
        File.WriteAllText(Path.Combine(root, "etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7"), key.PublicKeyArmored);
        File.WriteAllText(Path.Combine(root, "etc/yum.repos.d/CentOS-Base.repo"), $"""
            [updates]
            name=CentOS-$releasever - Updates
            baseurl={Mirror}/centos/$releasever/updates/$basearch/
            gpgcheck=1
            repo_gpgcheck=1
            gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7

            """);
        var rpms = RpmTestPackages.Build(tmp.Combine("rpmbuild"),
            [new RpmSpec("openssl-libs", "1.0.2k", "27.el7_9") { Epoch = "1", Arch = "x86_64", License = "OpenSSL" }]);
        ElTestRepository.Create(tmp.Combine("server", "centos/7/updates/x86_64"), rpms, """
            <?xml version="1.0" encoding="UTF-8"?>
            <updates>
              <update from="centos-announce@example.invalid" status="final" type="security" version="2">
                <id>CESA-2026:0042</id>
                <title>Important: openssl security update</title>
                <severity>Important</severity>
                <pkglist><collection short="centos-7">
                  <package name="openssl-libs" version="1.0.2k" release="27.el7_9" epoch="1" arch="x86_64"><filename>openssl-libs-1.0.2k-27.el7_9.x86_64.rpm</filename></package>
                </collection></pkglist>
              </update>
            </updates>
            """, key);
        using var server = new RepositoryServer(tmp.Combine("server"));
        var report = tmp.Combine("report.json");

        var r = await CliRunner.RunAsync(["scan", root, "--mirror", $"{Mirror}={server.BaseUrl}", "--patch-cache", tmp.Combine("cache"),
            "--format", "json", "--output", report]);

        Assert.True(r.ExitCode is 0 or 1, $"exit {r.ExitCode}: {r.StandardError}");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(report));
        Assert.Equal("centos", doc.RootElement.GetProperty("os").GetProperty("id").GetString());
        Assert.Equal(6, doc.RootElement.GetProperty("packageCount").GetInt32());
        var missing = Assert.Single(doc.RootElement.GetProperty("missingUpdates").EnumerateArray());
        Assert.Equal(("openssl-libs", "x86_64", "1:1.0.2k-26.el7_9", "1:1.0.2k-27.el7_9", "updates"),
            (missing.GetProperty("package").GetString(), missing.GetProperty("arch").GetString(), missing.GetProperty("installedVersion").GetString(),
             missing.GetProperty("fixedVersion").GetString(), missing.GetProperty("repository").GetString()));
        var finding = Assert.Single(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "patches/security-update-missing");
        Assert.Contains("CESA-2026:0042 Important", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("/var/lib/rpm", finding.GetProperty("path").GetString());
        Assert.Contains("/centos/7/updates/x86_64/repodata/repomd.xml.asc", server.Requests);
    }
}
