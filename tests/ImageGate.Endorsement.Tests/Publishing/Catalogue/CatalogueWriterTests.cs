using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Inputs;
using ImageGate.Endorsement.Publishing;
using ImageGate.Endorsement.Publishing.Catalogue;
using ImageGate.Lists;

namespace ImageGate.Endorsement.Tests.Publishing.Catalogue;

public sealed class CatalogueWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static ImageRecord Record(string name, string version, string? description = null, DateTimeOffset? expires = null, string? uri = "https://example.org/a.qcow2") => new()
    {
        Identifier = "0b6f7c2e-0000-4000-8000-000000000001",
        Name = name,
        Version = version,
        Description = description,
        Os = new ImageGate.Lists.OperatingSystem("debian", "12", "Debian <i>12</i>"),
        Arch = "x86_64",
        Format = "qcow2",
        Size = 5 * 1024 * 1024,
        Sha256 = new string('a', 64),
        Sha512 = new string('b', 128),
        Uri = uri,
        Created = Now.AddDays(-10),
        Expires = expires,
        BuiltBy = new BuildProvenance("owner/repo/.github/workflows/build.yml@refs/heads/main", "abc123", null),
        ScanPassed = true,
        Hepix = new HepixHints("KVM", null, null),
    };

    private static IReadOnlyDictionary<string, string> Render(params CatalogueImage[] images)
    {
        var list = new EndorsedList
        {
            Version = 1, Created = Now, Expires = Now.AddDays(7), Endorser = new EndorserIdentity(null, null, null, null, null), SourceCommit = "c",
            Images = images.Where(i => i.Entry.IsCurrent(Now)).Select(i => i.Entry.Record.ToEndorsedImage()).ToList(),
        };
        return CatalogueWriter.Render(images, list, "Site <title>", Now);
    }

    [Fact]
    public void Each_package_shows_its_licence_and_category_or_non_free_area()
    {
        var scan = new ScanReportSummary
        {
            Passed = true, Os = new ImageGate.Lists.OperatingSystem(null, null, null), Findings = [],
            Licences =
            [
                new PackageLicenceInfo("bash", "5.2", "GPL-3.0-or-later", "main", "restricted", "allowed", false, false),
                new PackageLicenceInfo("unrar", "6.2", "LicenseRef-Unrar <b>", "non-free", "licenseref", "unknown", true, true),
            ],
        };
        var pages = Render(new CatalogueImage(new ListEntry(Record("deb", "1"), null),
            [new PackageVersion("bash", "5.2"), new PackageVersion("unrar", "6.2"), new PackageVersion("zlib", "1.3") { License = "Zlib" }, new PackageVersion("tzdata", "2025a")],
            scan, null, null));
        var page = pages["image-deb.html"];
        Assert.Contains("<th scope=\"col\">Licence</th>", page);
        Assert.Contains("<td>GPL-3.0-or-later (restricted)</td>", page);
        Assert.Contains("<td>LicenseRef-Unrar &lt;b&gt; (non-free)</td>", page);
        Assert.Contains("<td>Zlib</td>", page);
        Assert.Contains("<th scope=\"row\">tzdata</th><td>2025a</td><td>not recorded</td>", page);
    }

    [Fact]
    public void Hostile_descriptions_packages_findings_and_uris_are_html_encoded()
    {
        var scan = new ScanReportSummary
        {
            Passed = true, Os = new ImageGate.Lists.OperatingSystem(null, null, null),
            Findings = [new ScanFinding("r<1>", "high", "/etc/<x>", "<img src=x onerror=alert(1)>", true)],
        };
        var pages = Render(new CatalogueImage(new ListEntry(Record("deb", "1", "<script>alert('x')</script>", uri: "javascript:alert(1)"), null),
            [new PackageVersion("<svg onload=alert(1)>", "1&2")], scan, null, null));
        var all = string.Concat(pages.Values);
        Assert.DoesNotContain("<script>alert", all);
        Assert.DoesNotContain("<img src=x", all);
        Assert.DoesNotContain("<svg onload", all);
        Assert.DoesNotContain("<i>12</i>", all);
        Assert.DoesNotContain("<title>Site <title>", all);
        Assert.DoesNotContain("href=\"javascript:", all);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", pages["image-deb.html"]);
        Assert.Contains("1&amp;2", pages["image-deb.html"]);
    }

    [Fact]
    public void Endorsed_revoked_and_expired_versions_are_shown_with_text_statuses_and_reasons()
    {
        var revoked = new RevocationRecord { Name = "alma9", Version = "9.3", Reason = "openssl CVE-2026-1", Revoked = Now.AddDays(-1), RevokedBy = "bob" };
        var pages = Render(
            new CatalogueImage(new ListEntry(Record("deb", "12.8"), null), [new PackageVersion("bash", "5.2")], null, null, null),
            new CatalogueImage(new ListEntry(Record("deb", "12.7"), null) with { Record = Record("deb", "12.7", expires: Now.AddDays(-2)) }, [new PackageVersion("bash", "5.1")], null, null, null),
            new CatalogueImage(new ListEntry(Record("alma9", "9.3"), revoked), [], null, null, null));
        var index = pages["index.html"];
        Assert.Contains("✔ Endorsed", index);
        Assert.Contains("✖ Revoked", index);
        Assert.Contains("⚠ Expired", index);
        Assert.Contains("openssl CVE-2026-1", index);
        Assert.Contains("the endorsement expired", index);
        Assert.Contains("<th scope=\"col\">", index);
        Assert.Contains("<caption>", index);
        Assert.Contains("name=\"viewport\"", index);
        Assert.Contains("<main", index);
        Assert.Equal(["image-alma9.html", "image-deb.html", "index.html"], pages.Keys.Order(StringComparer.Ordinal));
        var deb = pages["image-deb.html"];
        Assert.Contains("Upgraded bash 5.1 → 5.2", deb);
        Assert.Contains("<label for=\"search0\">", deb);
        Assert.DoesNotContain("http://", index.Replace("http://www.w3.org", "", StringComparison.Ordinal));
        Assert.DoesNotContain("src=\"http", deb);
    }
}
