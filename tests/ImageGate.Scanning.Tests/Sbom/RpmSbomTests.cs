using System.Text.Json;
using ImageGate.Core.Packages;
using ImageGate.DiskImages.FileSystems.Host;
using ImageGate.Scanning.Inventory;
using ImageGate.Scanning.Sbom;
using ImageGate.Testing;

namespace ImageGate.Scanning.Tests.Sbom;

/// <summary>The rpm side: a root that rpm itself installed a package into (with an epoch), described as EL9.</summary>
public sealed class RpmSbomTests
{
    private const string Spec = """
        Name: imagegate-sbom
        Version: 1.2.3
        Release: 4.el9
        Epoch: 2
        Summary: test package
        License: MIT and GPLv2+
        BuildArch: noarch
        %description
        test
        %install
        mkdir -p %{buildroot}/usr/share/imagegate-sbom
        echo hi > %{buildroot}/usr/share/imagegate-sbom/hello.txt
        %files
        /usr/share/imagegate-sbom/hello.txt
        """;

    [Fact]
    public void An_el9_root_gives_valid_documents_with_rpm_purls_that_cdxgen_accepts_and_trivy_reads_back_like_rpm_qa()
    {
        using var tmp = new TempDirectory();
        var (root, rpmQa) = InstallRoot(tmp);
        SbomSubject subject;
        using (var fs = new HostDirectoryFileSystem(root))
        {
            var inventory = PackageInventory.Read(fs);
            subject = new SbomSubject(new ImageDescription(root, "el9-root", "directory", null), inventory.Os, inventory.Packages, DateTimeOffset.UtcNow);
        }
        var package = Assert.Single(subject.Packages);
        Assert.Equal(PackageType.Rpm, package.Type);
        Assert.Equal("pkg:rpm/almalinux/imagegate-sbom@1.2.3-4.el9?arch=noarch&distro=almalinux-9.4&epoch=2", PackageUrl.For(package, subject.Os));

        var spdx = tmp.Combine("el9.spdx.json");
        var cdx = tmp.Combine("el9.cdx.json");
        using (var s = File.Create(spdx)) SpdxWriter.Write(subject, s);
        using (var s = File.Create(cdx)) CycloneDxWriter.Write(subject, s);
        NodeValidator.AssertValid("spdx", spdx);
        NodeValidator.AssertValid("cyclonedx", cdx);
        using (var validation = SbomReaders.CdxValidate(cdx, tmp))
            Assert.True(validation.RootElement.GetProperty("deepValid").GetBoolean(), "cdx-validate: the rpm purl/reference checks failed");

        using var report = SbomReaders.TrivySbom(spdx, tmp);
        var os = report.RootElement.GetProperty("Metadata").GetProperty("OS");
        Assert.Equal(("almalinux", "9.4"), (os.GetProperty("Family").GetString(), os.GetProperty("Name").GetString()));
        var p = Assert.Single(Assert.Single(report.RootElement.GetProperty("Results").EnumerateArray()).GetProperty("Packages").EnumerateArray());
        Assert.Equal(rpmQa, $"{p.GetProperty("Name").GetString()}\t{p.GetProperty("Epoch").GetInt32()}:{p.GetProperty("Version").GetString()}-{p.GetProperty("Release").GetString()}\t{p.GetProperty("Arch").GetString()}");
        Assert.Equal("imagegate-sbom", p.GetProperty("SrcName").GetString());
        // The source version comes from SOURCERPM's file name, which carries no epoch.
        Assert.Equal(("1.2.3", "4.el9"), (p.GetProperty("SrcVersion").GetString(), p.GetProperty("SrcRelease").GetString()));
    }

    private static (string Root, string RpmQa) InstallRoot(TempDirectory tmp)
    {
        ExternalProcess.Require("rpmbuild");
        Directory.CreateDirectory(tmp.Combine("top", "SPECS"));
        File.WriteAllText(tmp.Combine("top", "SPECS", "p.spec"), Spec);
        var build = ExternalProcess.Run("rpmbuild", ["--quiet", "-bb", "--define", $"_topdir {tmp.Combine("top")}", tmp.Combine("top", "SPECS", "p.spec")]);
        Assert.True(build.ExitCode == 0, build.StandardError);
        var rpmFile = Directory.GetFiles(tmp.Combine("top", "RPMS"), "*.rpm", SearchOption.AllDirectories).Single();
        var root = tmp.Combine("root");
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        File.WriteAllText(Path.Combine(root, "etc", "os-release"), "NAME=\"AlmaLinux\"\nID=\"almalinux\"\nVERSION_ID=\"9.4\"\nPRETTY_NAME=\"AlmaLinux 9.4 (Seafoam Ocelot)\"\n");
        var db = new[] { "--root", root, "--define", "_dbpath /var/lib/rpm" };
        var install = ExternalProcess.Run("rpm", [.. db, "-i", "--nodeps", "--noscripts", rpmFile]);
        Assert.True(install.ExitCode == 0, install.StandardError);
        var qa = ExternalProcess.Run("rpm", [.. db, "-qa", "--qf", "%{NAME}\t%{EPOCH}:%{VERSION}-%{RELEASE}\t%{ARCH}\n"]);
        Assert.Equal(0, qa.ExitCode);
        return (root, qa.StandardOutput.Trim());
    }
}
