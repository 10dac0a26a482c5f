using ImageGate.Core.Errors;
using ImageGate.Scanning.Licences;
using ImageGate.Scanning.Policy;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Tests.Policy;

public sealed class LicencePolicyTests
{
    [Fact]
    public void The_default_reports_non_free_and_unknown_at_medium_and_denied_ids_at_high()
    {
        var policy = ScanPolicy.Default;
        Assert.Equal(Severity.Medium, policy.SeverityOf(LicenceRules.NonFree, Severity.Info));
        Assert.Equal(Severity.Medium, policy.SeverityOf(LicenceRules.Unknown, Severity.Info));
        Assert.Equal(Severity.High, policy.SeverityOf(LicenceRules.Denied, Severity.Info));
        Assert.Contains(LicenceCategory.Restricted, policy.Licences.AllowedCategories);
        Assert.DoesNotContain(LicenceCategory.Forbidden, policy.Licences.AllowedCategories);
        Assert.Equal(["non-free", "non-free-firmware"], policy.Licences.NonFreeAreas.Order(StringComparer.Ordinal));
        Assert.Contains("licences:", PolicyLoader.DefaultText, StringComparison.Ordinal);
        Assert.Equal(["*nonfree*", "*non-free*", "fedora-cisco-openh264", "@commandline", "@unknown"], policy.Licences.NonFreeRepositories);
        Assert.Equal(new LicencePolicy().NonFreeRepositories, policy.Licences.NonFreeRepositories);
        Assert.True(policy.Licences.IsNonFreeRepository("rpmfusion-nonfree-updates"));
        Assert.True(policy.Licences.IsNonFreeRepository("RPMFusion-NonFree"));
        Assert.True(policy.Licences.IsNonFreeRepository(null));
        Assert.False(policy.Licences.IsNonFreeRepository("baseos"));
        Assert.False(policy.Licences.IsNonFreeRepository("epel"));
        Assert.Contains("non-free repositories: ", policy.Licences.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_licences_section_replaces_the_lists_it_gives_and_sets_the_rule_treatment()
    {
        var yaml = """
            licences:
              deniedIds: [AGPL-3.0-only]
              deniedCategories: [forbidden]
              nonFree: high
              unknown: off
              exceptions:
                - package: unrar
                  reason: redistributable
                  expires: 2027-01-31
                  approvedBy: alice@example.org
            """;
        var policy = PolicyLoader.Parse(yaml, "test.yaml", ScanPolicy.Default);
        Assert.Equal(LicenceVerdict.Denied, policy.Licences.VerdictOn("AGPL-3.0-only"));
        Assert.Equal(LicenceVerdict.Denied, policy.Licences.VerdictOn("CC-BY-NC-4.0"));
        Assert.Equal(LicenceVerdict.Allowed, policy.Licences.VerdictOn("MIT"));
        Assert.Equal(Severity.High, policy.SeverityOf(LicenceRules.NonFree, Severity.Info));
        Assert.False(policy.IsEnabled(LicenceRules.Unknown));
        var waiver = Assert.Single(policy.Waivers);
        Assert.Equal(("licences/*", "/usr/share/*/unrar"), (waiver.RuleId, waiver.Path));
        Assert.True(waiver.Covers(LicenceRules.NonFree));
        Assert.False(waiver.Covers("credentials/netrc"));
        Assert.Equal(ScanPolicy.Default.Licences.TrustedAreas, policy.Licences.TrustedAreas);
    }

    [Theory]
    [InlineData("licences:\n  deniedCategories: [evil]\n", "evil")]
    [InlineData("licences:\n  nonFree: sometimes\n", "sometimes")]
    [InlineData("licences:\n  exceptions:\n    - package: unrar\n      expires: 2027-01-01\n      approvedBy: a\n", "reason")]
    [InlineData("licences:\n  exceptions:\n    - package: '*'\n      reason: r\n      expires: 2027-01-01\n      approvedBy: a\n", "not a package name")]
    [InlineData("licences:\n  colour: red\n", "colour")]
    [InlineData("licences:\n  nonFreeRepositories: ['my repo']\n", "'my repo' is not a repository id pattern")]
    public void A_bad_licences_section_is_bad_input_naming_the_problem(string yaml, string expected)
    {
        var ex = Assert.Throws<BadInputException>(() => PolicyLoader.Parse(yaml, "bad.yaml", ScanPolicy.Default));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
