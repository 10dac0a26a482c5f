using System.Text.Json;
using ImageGate.Endorsement.Inputs;

namespace ImageGate.Endorsement.Tests.Inputs;

public sealed class PackageLicenceInfoTests
{
    [Fact]
    public void An_rpm_package_shows_its_repository_where_a_debian_package_shows_its_area()
    {
        using var report = JsonDocument.Parse("""
            {"licences": {"packages": [
              {"name": "unrar", "version": "6.2", "type": "deb", "licence": "LicenseRef-Unrar", "area": "non-free", "repository": null, "category": "licenseref", "verdict": "unknown", "nonFree": true, "review": true},
              {"name": "ig-nonfree", "version": "1:2.0-3", "type": "rpm", "licence": "MIT", "area": null, "repository": "rpmfusion-nonfree", "category": "notice", "verdict": "allowed", "nonFree": true, "review": true},
              {"name": "ig-rpmonly", "version": "0.1-1", "type": "rpm", "licence": "MIT", "area": null, "repository": null, "category": "notice", "verdict": "allowed", "nonFree": true, "review": true},
              {"name": "ig-base", "version": "1.0-1", "type": "rpm", "licence": "MIT", "area": null, "repository": "baseos", "category": "notice", "verdict": "allowed", "nonFree": false, "review": false}
            ]}}
            """);

        var packages = PackageLicenceInfo.FromReport(report.RootElement)!.ToDictionary(p => p.Name);

        Assert.Equal("non-free", packages["unrar"].Area);
        Assert.Equal("rpmfusion-nonfree", packages["ig-nonfree"].Area);
        Assert.Equal("no recorded repository", packages["ig-rpmonly"].Area);
        Assert.Equal("baseos", packages["ig-base"].Area);
    }
}
