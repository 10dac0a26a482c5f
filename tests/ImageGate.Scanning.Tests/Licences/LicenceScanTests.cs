using System.Text.Json.Nodes;
using ImageGate.DiskImages.FileSystems.Host;
using ImageGate.Scanning.Licences;
using ImageGate.Scanning.Policy;
using ImageGate.Scanning.Rules;
using ImageGate.Scanning.Tests.Policy;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;

namespace ImageGate.Scanning.Tests.Licences;

/// <summary>The licence rules on real package data: a Debian root built by mmdebstrap with non-free and non-free-firmware
/// packages, and rpm roots with packages installed by dnf under several License tags and from several repositories.</summary>
public sealed class LicenceScanTests
{
    private static readonly FixedTime Today = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Packages_from_debian_non_free_areas_are_medium_findings_and_main_is_trusted()
    {
        var report = await ScanFixtures.ScanAsync("debian12-nonfree-root.tar", new ScanOptions { Time = Today });

        var nonFree = report.Findings.Where(f => f.RuleId == LicenceRules.NonFree).ToList();
        Assert.Equal(["/usr/share/doc/amd64-microcode", "/usr/share/doc/unrar"], nonFree.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.All(nonFree, f => Assert.Equal(Severity.Medium, f.Severity));
        Assert.All(nonFree, f => Assert.Equal("licences", f.Clause));
        Assert.Contains(nonFree, f => f.Message.Contains("non-free-firmware area", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Findings, f => f.RuleId is LicenceRules.Unknown or LicenceRules.Denied);
        Assert.True(report.Passed);

        var section = report.Sections["licences"]!.AsObject();
        var packages = section["packages"]!.AsArray().Select(p => p!.AsObject()).ToList();
        Assert.Equal(report.Packages.Count, packages.Count);
        Assert.Equal(2, section["nonFree"]!.GetValue<int>());
        var unrar = packages.Single(p => (string?)p["name"] == "unrar");
        Assert.Equal("non-free", (string?)unrar["area"]);
        Assert.Equal("main", (string?)packages.Single(p => (string?)p["name"] == "bash")["area"]);
        Assert.True(section["categories"]!["restricted"]!.GetValue<int>() > 0); // bash, coreutils … are GPL
    }

    [Fact]
    public async Task A_denied_id_fails_the_gate_and_a_package_exception_waives_it()
    {
        var yaml = """
            licences:
              deniedIds: [GPL-3.0-or-later]
              exceptions:
                - package: unrar
                  reason: unrar's licence allows redistribution of the binary
                  expires: 2027-06-30
                  approvedBy: endorser@example.org
            """;
        var policy = PolicyLoader.Parse(yaml, "test.yaml", ScanPolicy.Default);
        var report = await ScanFixtures.ScanAsync("debian12-nonfree-root.tar", new ScanOptions { Policy = policy, Time = Today });

        var denied = report.Findings.Where(f => f.RuleId == LicenceRules.Denied).ToList();
        Assert.NotEmpty(denied);
        Assert.All(denied, f => Assert.Equal(Severity.High, f.Severity));
        Assert.Contains(denied, f => f.Path == "/usr/share/doc/bash" && f.Message.Contains("GPL-3.0-or-later", StringComparison.Ordinal));
        Assert.False(report.Passed);
        Assert.True(Assert.Single(report.Findings, f => f.Path == "/usr/share/doc/unrar").Waived);
        Assert.False(Assert.Single(report.Findings, f => f.Path == "/usr/share/doc/amd64-microcode").Waived);
        Assert.Contains(report.Waivers, w => w.Waiver.RuleId == "licences/*" && w.Status == "applied");
    }

    [Fact]
    public async Task Rpm_license_tags_are_evaluated_as_expressions()
    {
        using var tmp = new TempDirectory();
        var specs = new RpmSpec[]
        {
            new("ig-mit", "1.0", "1") { License = "MIT" },
            new("ig-choice", "1.0", "1") { License = "MIT or AGPL-3.0-only" },
            new("ig-agpl", "1.0", "1") { License = "AGPL-3.0-only and BSD-3-Clause" },
            new("ig-oldtag", "1.0", "1") { License = "GPLv2+ and (LGPLv2+ or MPLv1.1)" },
            new("ig-bsd", "1.0", "1") { License = "BSD" },
        };
        var rpms = RpmTestPackages.Build(tmp.Combine("rpmbuild"), specs);
        ElTestRepository.Create(tmp.Combine("repo"), rpms, null, null);
        var dnf = new DnfRoot(tmp.Combine("root"), tmp.Path);
        dnf.Run(new Dictionary<string, string> { ["baseos"] = tmp.Combine("repo") }, ["install", .. specs.Select(s => s.Name)]);
        var root = dnf.Root;
        var policy = PolicyLoader.Parse("licences:\n  deniedIds: [AGPL-3.0-only]\n", "test.yaml", ScanPolicy.Default);

        using var fs = new HostDirectoryFileSystem(root);
        var report = await new Scanner().ScanAsync(fs, new ScanOptions { Policy = policy, Time = Today }, TestContext.Current.CancellationToken);

        var licences = report.Sections["licences"]!["packages"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => p!.AsObject());
        Assert.Equal("MIT OR AGPL-3.0-only", (string?)licences["ig-choice"]["licence"]);
        Assert.Equal("allowed", (string?)licences["ig-choice"]["verdict"]);
        Assert.Equal("notice", (string?)licences["ig-choice"]["category"]);
        Assert.Equal("GPL-2.0-or-later AND (LGPL-2.0-or-later OR LicenseRef-MPLv1.1)", (string?)licences["ig-oldtag"]["licence"]);
        Assert.Equal("restricted", (string?)licences["ig-oldtag"]["category"]);
        Assert.Equal("forbidden", (string?)licences["ig-agpl"]["category"]);
        Assert.Null(licences["ig-mit"]["area"]);
        Assert.Equal("baseos", (string?)licences["ig-mit"]["repository"]);
        Assert.DoesNotContain(report.Findings, f => f.RuleId == LicenceRules.NonFree);

        var denied = Assert.Single(report.Findings, f => f.RuleId == LicenceRules.Denied);
        Assert.Equal("/usr/share/licenses/ig-agpl", denied.Path);
        Assert.Equal(Severity.High, denied.Severity);
        var unknown = Assert.Single(report.Findings, f => f.RuleId == LicenceRules.Unknown);
        Assert.Equal("/usr/share/licenses/ig-bsd", unknown.Path);
        Assert.Equal(Severity.Medium, unknown.Severity);
        Assert.False(report.Passed);

        // The expressions, OR and parentheses included, stay valid SBOM licences with every LicenseRef declared.
        var subject = new ImageGate.Scanning.Sbom.SbomSubject(new ImageDescription(root, "rpm-root", "directory", null), report.Os, report.Packages, Today.GetUtcNow());
        var spdx = tmp.Combine("r.spdx.json");
        var cdx = tmp.Combine("r.cdx.json");
        using (var s = File.Create(spdx)) ImageGate.Scanning.Sbom.SpdxWriter.Write(subject, s);
        using (var s = File.Create(cdx)) ImageGate.Scanning.Sbom.CycloneDxWriter.Write(subject, s);
        NodeValidator.AssertValid("spdx", spdx);
        NodeValidator.AssertValid("cyclonedx", cdx);
        Assert.Contains("\"licenseId\": \"LicenseRef-MPLv1.1\"", File.ReadAllText(spdx).Replace("\":\"", "\": \"", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rpm_packages_from_non_free_or_unrecorded_repositories_are_non_free_findings()
    {
        using var tmp = new TempDirectory();
        var root = Inventory.RpmRepositoriesTests.BuildDnfRoot(tmp);

        using var fs = new HostDirectoryFileSystem(root.Root);
        var report = await new Scanner().ScanAsync(fs, new ScanOptions { Time = Today }, TestContext.Current.CancellationToken);

        var nonFree = report.Findings.Where(f => f.RuleId == LicenceRules.NonFree).ToDictionary(f => f.Path);
        Assert.Equal(["/usr/share/licenses/ig-local", "/usr/share/licenses/ig-nonfree", "/usr/share/licenses/ig-rpmonly"], nonFree.Keys.Order(StringComparer.Ordinal));
        Assert.All(nonFree.Values, f => Assert.Equal(Severity.Medium, f.Severity));
        Assert.Contains("from repository rpmfusion-nonfree", nonFree["/usr/share/licenses/ig-nonfree"].Message, StringComparison.Ordinal);
        Assert.Contains("local file (@commandline", nonFree["/usr/share/licenses/ig-local"].Message, StringComparison.Ordinal);
        Assert.Contains("no recorded repository", nonFree["/usr/share/licenses/ig-rpmonly"].Message, StringComparison.Ordinal);
        Assert.True(report.Passed);
        var packages = report.Sections["licences"]!["packages"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => p!.AsObject());
        Assert.Equal("updates", (string?)packages["ig-up"]["repository"]);
        Assert.False(packages["ig-up"]["nonFree"]!.GetValue<bool>());
        Assert.Null((string?)packages["ig-rpmonly"]["repository"]);
        Assert.True(packages["ig-rpmonly"]["nonFree"]!.GetValue<bool>());
        Assert.Equal(3, report.Sections["licences"]!["nonFree"]!.GetValue<int>());

        // The list is the policy's: naming only RPM Fusion's repositories leaves local and unrecorded packages alone.
        var policy = PolicyLoader.Parse("licences:\n  nonFreeRepositories: [rpmfusion-nonfree*]\n", "test.yaml", ScanPolicy.Default);
        var narrow = await new Scanner().ScanAsync(fs, new ScanOptions { Policy = policy, Time = Today }, TestContext.Current.CancellationToken);
        Assert.Equal("/usr/share/licenses/ig-nonfree", Assert.Single(narrow.Findings, f => f.RuleId == LicenceRules.NonFree).Path);
    }
}
