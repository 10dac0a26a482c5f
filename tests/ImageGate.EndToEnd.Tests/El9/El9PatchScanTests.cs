using System.Text.Json;
using ImageGate.Testing;
using ImageGate.Testing.Images;
using ImageGate.Testing.Repositories;

namespace ImageGate.EndToEnd.Tests.El9;

/// <summary>
/// The patch check on the EL9-like disk image end to end: <c>imagegate scan</c> reads the qcow2 (GPT, /boot on XFS,
/// / on LVM+XFS), takes the installed packages from the image's rpm database and its BaseOS repository from
/// /etc/yum.repos.d, and checks them against a local repository on 127.0.0.1 (rpmbuild, createrepo_c, modifyrepo_c,
/// repomd.xml signed with the key the image trusts) through <c>--mirror</c>.
/// </summary>
public sealed class El9PatchScanTests
{
    private const string Advisory = "ALSA-2026:9001";

    [Fact]
    public async Task A_security_advisory_for_an_installed_package_is_a_missing_security_update_naming_the_advisory()
    {
        var (report, requests) = await ScanAgainstRepositoryAsync(withUpdate: true);
        var root = report.RootElement;

        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString()!.StartsWith("patches/", StringComparison.Ordinal));
        Assert.Equal("patches/security-update-missing", finding.GetProperty("ruleId").GetString());
        Assert.Equal("high", finding.GetProperty("severity").GetString());
        Assert.Equal("security-patches", finding.GetProperty("clause").GetString());
        var message = finding.GetProperty("message").GetString()!;
        Assert.Contains(El9TestImage.PackageName, message, StringComparison.Ordinal);
        Assert.Contains($"{Advisory} Important", message, StringComparison.Ordinal);
        Assert.False(root.GetProperty("passed").GetBoolean());

        var missing = Assert.Single(root.GetProperty("missingUpdates").EnumerateArray());
        Assert.Equal(El9TestImage.PackageName, missing.GetProperty("package").GetString());
        Assert.Equal("noarch", missing.GetProperty("arch").GetString());
        Assert.Equal($"{El9TestImage.PackageVersion}-{El9TestImage.PackageRelease}", missing.GetProperty("installedVersion").GetString());
        Assert.Equal($"{El9TestImage.PackageVersion}-5.el9", missing.GetProperty("fixedVersion").GetString());
        Assert.Equal(El9TestImage.RepositoryId, missing.GetProperty("repository").GetString());
        Assert.Contains(missing.GetProperty("advisories").EnumerateArray(), a => a.GetProperty("id").GetString() == Advisory);

        // The metadata the verdict used: the image's own repository URL, signed, fetched from the local mirror.
        var metadata = Assert.Single(root.GetProperty("patchMetadata").EnumerateArray());
        Assert.Equal($"{El9TestImage.RepositoryHost}/{El9TestImage.RepositoryPath}/repodata/repomd.xml", metadata.GetProperty("url").GetString());
        Assert.Contains($"/{El9TestImage.RepositoryPath}/repodata/repomd.xml.asc", requests);
    }

    [Fact]
    public async Task Without_the_update_in_the_repository_the_scan_has_no_patch_finding()
    {
        var (report, requests) = await ScanAgainstRepositoryAsync(withUpdate: false);
        var root = report.RootElement;

        Assert.DoesNotContain(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString()!.StartsWith("patches/", StringComparison.Ordinal));
        Assert.Empty(root.GetProperty("missingUpdates").EnumerateArray());
        Assert.Single(root.GetProperty("patchMetadata").EnumerateArray());
        Assert.Contains(requests, r => r.Contains("updateinfo", StringComparison.Ordinal)); // the advisories were read, not skipped
        Assert.Equal("almalinux", root.GetProperty("os").GetProperty("id").GetString());
        Assert.True(root.GetProperty("packageCount").GetInt32() >= 1);
    }

    private static async Task<(JsonDocument Report, List<string> Requests)> ScanAgainstRepositoryAsync(bool withUpdate)
    {
        var disk = El9TestImage.Disk;
        using var tmp = new TempDirectory("imagegate-el9-repo");
        using var key = TestGpgKey.Import(disk.RepositorySigningKey);
        var fixedRelease = withUpdate ? "5.el9" : El9TestImage.PackageRelease;
        var rpms = RpmTestPackages.Build(tmp.Combine("rpmbuild"),
        [
            new RpmSpec(El9TestImage.PackageName, El9TestImage.PackageVersion, fixedRelease),
            new RpmSpec("imagegate-unrelated", "2.0", "1.el9"),
        ]);
        // updateinfo always exists; the advisory names the probe only when the update is there.
        var advisoryPackage = withUpdate
            ? (Name: El9TestImage.PackageName, Version: El9TestImage.PackageVersion, Release: fixedRelease)
            : (Name: "imagegate-unrelated", Version: "2.0", Release: "1.el9");
        ElTestRepository.Create(tmp.Combine("server", El9TestImage.RepositoryPath), rpms, UpdateInfo(advisoryPackage), key);
        using var server = new RepositoryServer(tmp.Combine("server"));
        var reportFile = tmp.Combine("report.json");

        var r = await CliRunner.RunAsync(["scan", disk.Qcow2, "--mirror", $"{El9TestImage.RepositoryHost}={server.BaseUrl}",
            "--patch-cache", tmp.Combine("cache"), "--format", "json", "--output", reportFile]);

        Assert.True(r.ExitCode is 0 or 1, $"exit {r.ExitCode}: {r.StandardError}");
        Assert.DoesNotContain("   at ", r.StandardError, StringComparison.Ordinal);
        Assert.Contains($"/{El9TestImage.RepositoryPath}/repodata/repomd.xml", server.Requests);
        return (JsonDocument.Parse(File.ReadAllBytes(reportFile)), server.Requests.ToList());
    }

    private static string UpdateInfo((string Name, string Version, string Release) p) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <updates>
          <update from="packager@almalinux.example.invalid" status="final" type="security" version="2">
            <id>{Advisory}</id>
            <title>Important: {p.Name} security update</title>
            <issued date="2026-11-20 00:00:00"/>
            <severity>Important</severity>
            <references>
              <reference href="https://errata.almalinux.example.invalid/9/ALSA-2026-9001.html" id="{Advisory}" type="self" title="{Advisory}"/>
              <reference href="https://cve.example.invalid/CVE-2026-9001" id="CVE-2026-9001" type="cve" title="CVE-2026-9001"/>
            </references>
            <pkglist><collection short="almalinux-9-baseos">
              <name>almalinux-9-baseos</name>
              <package name="{p.Name}" version="{p.Version}" release="{p.Release}" epoch="0" arch="noarch" src="{p.Name}-{p.Version}-{p.Release}.src.rpm"><filename>{p.Name}-{p.Version}-{p.Release}.noarch.rpm</filename></package>
            </collection></pkglist>
          </update>
        </updates>
        """;
}
