using ImageGate.Core.Packages;
using ImageGate.Scanning.Licences;

namespace ImageGate.Scanning.Tests.Licences;

public sealed class LicenceClassifierTests
{
    private static readonly LicencePolicy Default = new();

    private static PackageLicence Classify(string? licence, string? section = null, LicencePolicy? policy = null, PackageType type = PackageType.Deb) =>
        LicenceClassifier.Classify(new InstalledPackage(type, "p", "1", "amd64") { License = licence, Section = section }, policy ?? Default);

    [Theory]
    [InlineData("MIT", LicenceCategory.Notice)]
    [InlineData("Apache-2.0", LicenceCategory.Notice)]
    [InlineData("GPL-2.0-or-later", LicenceCategory.Restricted)]
    [InlineData("LGPL-2.1-only", LicenceCategory.Restricted)]
    [InlineData("MPL-2.0", LicenceCategory.Reciprocal)]
    [InlineData("AGPL-3.0-only", LicenceCategory.Forbidden)]
    [InlineData("CC-BY-NC-4.0", LicenceCategory.Forbidden)]
    [InlineData("CC0-1.0", LicenceCategory.Unencumbered)]
    [InlineData("0BSD", LicenceCategory.Unencumbered)]
    [InlineData("LicenseRef-Unrar", LicenceCategory.LicenseRef)]
    [InlineData("Made-Up-1.0", LicenceCategory.Unknown)]
    public void Common_ids_take_Trivys_categories(string id, LicenceCategory expected)
    {
        Assert.Equal(expected, LicenceCategories.Of(id));
    }

    [Fact]
    public void Or_is_allowed_when_either_side_is_and_takes_the_less_restrictive_category()
    {
        var policy = new LicencePolicy { DeniedIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "AGPL-3.0-only" } };
        var either = Classify("AGPL-3.0-only OR MIT", policy: policy);
        Assert.Equal(LicenceVerdict.Allowed, either.Verdict);
        Assert.Equal(LicenceCategory.Notice, either.Category);
        Assert.Empty(either.Denied);
    }

    [Fact]
    public void And_needs_both_and_takes_the_more_restrictive_category()
    {
        var policy = new LicencePolicy { DeniedIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "AGPL-3.0-only" } };
        var both = Classify("MIT AND (AGPL-3.0-only OR AGPL-3.0-or-later)", policy: policy);
        Assert.Equal(LicenceVerdict.Unknown, both.Verdict); // AGPL-3.0-or-later is forbidden: not allowed, not denied by id
        var denied = Classify("MIT AND AGPL-3.0-only", policy: policy);
        Assert.Equal(LicenceVerdict.Denied, denied.Verdict);
        Assert.Equal(["AGPL-3.0-only"], denied.Denied);
        Assert.Equal(LicenceCategory.Forbidden, denied.Category);
        Assert.Equal(LicenceCategory.Restricted, Classify("MIT AND GPL-2.0-only AND Zlib").Category);
    }

    [Fact]
    public void An_explicit_id_wins_over_its_category_and_denied_categories_deny()
    {
        var policy = new LicencePolicy
        {
            AllowedIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "LicenseRef-Unrar" },
            DeniedCategories = new HashSet<LicenceCategory> { LicenceCategory.Restricted },
        };
        Assert.Equal(LicenceVerdict.Allowed, Classify("LicenseRef-Unrar", policy: policy).Verdict);
        Assert.Equal(LicenceVerdict.Denied, Classify("GPL-3.0-or-later", policy: policy).Verdict);
        Assert.Equal(LicenceVerdict.Allowed, Classify("GPL-3.0-or-later OR MIT", policy: policy).Verdict);
    }

    [Fact]
    public void Missing_and_unparsable_licences_are_unknown()
    {
        Assert.Equal((LicenceCategory.Unknown, LicenceVerdict.Unknown), (Classify(null).Category, Classify(null).Verdict));
        Assert.Equal(LicenceVerdict.Unknown, Classify("MIT (").Verdict);
        Assert.Equal(LicenceVerdict.Unknown, Classify("LicenseRef-Foo").Verdict);
    }

    [Theory]
    [InlineData("non-free/utils", "non-free", true)]
    [InlineData("non-free-firmware/kernel", "non-free-firmware", true)]
    [InlineData("contrib/admin", "contrib", false)]
    [InlineData("admin", "main", false)]
    [InlineData(null, "main", false)]
    public void The_debian_area_comes_from_the_section_prefix(string? section, string area, bool nonFree)
    {
        var l = Classify("MIT", section);
        Assert.Equal(area, l.Area);
        Assert.Equal(nonFree, l.NonFree);
    }

    [Fact]
    public void Rpm_packages_have_no_area()
    {
        Assert.Null(Classify("MIT", type: PackageType.Rpm).Area);
    }
}
