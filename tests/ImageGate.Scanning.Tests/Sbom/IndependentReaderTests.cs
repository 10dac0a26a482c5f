using System.Text.Json;
using ImageGate.Scanning.Sbom;
using ImageGate.Testing;

namespace ImageGate.Scanning.Tests.Sbom;

/// <summary>Readers that ImageGate did not write read its SBOMs and find exactly the packages dpkg-query lists.</summary>
public sealed class IndependentReaderTests
{
    [Fact]
    public async Task Trivy_reads_every_dpkg_package_and_the_os_from_the_spdx_document()
    {
        using var tmp = new TempDirectory();
        var file = await SbomFixtures.WriteAsync("root", SbomFormat.Spdx, tmp);
        using var report = SbomReaders.TrivySbom(file, tmp);
        var os = report.RootElement.GetProperty("Metadata").GetProperty("OS");
        Assert.Equal(("debian", "12"), (os.GetProperty("Family").GetString(), os.GetProperty("Name").GetString()));
        var result = Assert.Single(report.RootElement.GetProperty("Results").EnumerateArray());
        Assert.Equal("os-pkgs", result.GetProperty("Class").GetString());
        var packages = result.GetProperty("Packages").EnumerateArray().ToList();
        var read = packages.Select(p => $"{p.GetProperty("Name").GetString()}\t{TrivyVersion(p)}\t{p.GetProperty("Arch").GetString()}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(SbomFixtures.DpkgQuery("root"), read);
        // Trivy also read the source package of each binary package from sourceInfo.
        var libc = packages.Single(p => p.GetProperty("Name").GetString() == "libc6");
        Assert.Equal("glibc", libc.GetProperty("SrcName").GetString());
    }

    [Fact]
    public async Task Cdxgen_validates_and_reads_every_dpkg_package_from_the_cyclonedx_document()
    {
        using var tmp = new TempDirectory();
        var file = await SbomFixtures.WriteAsync("root", SbomFormat.CycloneDx, tmp);
        using (var validation = SbomReaders.CdxValidate(file, tmp))
        {
            Assert.True(validation.RootElement.GetProperty("schemaValid").GetBoolean(), "cdx-validate: the CycloneDX schema check failed");
            Assert.True(validation.RootElement.GetProperty("deepValid").GetBoolean(), "cdx-validate: the purl/reference checks failed");
        }
        using var converted = SbomReaders.CdxConvert(file, tmp);
        var packages = converted.RootElement.GetProperty("@graph").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "software_Package" && e.TryGetProperty("software_packageUrl", out _)).ToList();
        var read = packages.Select(p =>
        {
            var purl = p.GetProperty("software_packageUrl").GetString()!;
            var arch = purl.Split('?')[1].Split('&').Single(q => q.StartsWith("arch=", StringComparison.Ordinal))["arch=".Length..];
            return $"{p.GetProperty("name").GetString()}\t{p.GetProperty("software_packageVersion").GetString()}\t{Uri.UnescapeDataString(arch)}";
        }).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(SbomFixtures.DpkgQuery("root"), read);
        // The OS component came through as well.
        Assert.Contains(converted.RootElement.GetProperty("@graph").EnumerateArray(),
            e => e.GetProperty("type").GetString() == "software_Package" && e.GetProperty("name").GetString() == "debian" && e.GetProperty("software_packageVersion").GetString() == "12");
    }

    /// <summary>Trivy splits a Debian version into epoch, version and revision ("Release"); joined back it is dpkg's.</summary>
    private static string TrivyVersion(JsonElement p)
    {
        var version = p.GetProperty("Version").GetString();
        if (p.TryGetProperty("Release", out var release) && release.GetString() is { Length: > 0 } r) version += "-" + r;
        if (p.TryGetProperty("Epoch", out var epoch) && epoch.GetInt32() > 0) version = $"{epoch.GetInt32()}:{version}";
        return version!;
    }
}
