using ImageGate.Scanning.Contextualisation;

namespace ImageGate.Scanning.Tests.Contextualisation;

/// <summary>cloud-init counts as the contextualisation agent when it starts at boot and looks for a data source the
/// sites provide (issue 20), not because its package is installed.</summary>
public sealed class CloudInitTests
{
    [Fact]
    public async Task Cloud_init_disabled_by_its_marker_file_is_no_agent_naming_the_file()
    {
        using var v = new CloudVariant();
        v.Write("/etc/cloud/cloud-init.disabled", "");
        await AssertOnlyFindingAsync(v, "contextualisation/no-agent", "/etc/cloud/cloud-init.disabled", "cloud-init is installed but disabled");
    }

    [Fact]
    public async Task Masked_or_unlinked_cloud_init_units_are_no_agent_and_its_data_sources_are_then_not_judged()
    {
        using var v = new CloudVariant();
        // `systemctl mask cloud-init.service` and `systemctl disable cloud-final.service`, with a data-source list
        // that would be flagged if cloud-init ran.
        v.Symlink("/etc/systemd/system/cloud-init.service", "/dev/null");
        v.Delete("/etc/systemd/system/cloud-init.target.wants/cloud-final.service");
        v.Write("/etc/cloud/cloud.cfg.d/99_ec2.cfg", "datasource_list: [ Ec2, None ]\n");
        await AssertOnlyFindingAsync(v, "contextualisation/no-agent", "/etc/systemd/system/cloud-init.service", "cloud-init.service is masked");
    }

    [Fact]
    public async Task A_datasource_list_without_the_sites_data_sources_is_flagged_at_the_file_that_sets_it()
    {
        using var v = new CloudVariant();
        // Debian's debconf list (90_dpkg.cfg) first, then a later file that narrows it: the last one wins.
        v.Write("/etc/cloud/cloud.cfg.d/90_dpkg.cfg",
            "# to update this file, run dpkg-reconfigure cloud-init\ndatasource_list: [ NoCloud, ConfigDrive, OpenNebula, OpenStack, Ec2, None ]\n");
        v.Write("/etc/cloud/cloud.cfg.d/99_only_ec2.cfg", "datasource_list:\n  - Ec2   # the public cloud only\n  - None\n");
        await AssertOnlyFindingAsync(v, "contextualisation/no-datasource", "/etc/cloud/cloud.cfg.d/99_only_ec2.cfg", "[Ec2, None]");
    }

    [Theory]
    [InlineData("datasource_list: [ NoCloud, OpenStack, None ]\n", "NoCloud,OpenStack,None")]
    [InlineData("datasource_list: [ 'NoCloud',\n   \"ConfigDrive\" ]\nother: 1\n", "NoCloud,ConfigDrive")]
    [InlineData("datasource_list:\n- OpenStack\n- None\nnext: x\n", "OpenStack,None")]
    [InlineData("# datasource_list: [ Ec2 ]\nsystem_info:\n  datasource_list: [ Ec2 ]\n", null)]
    [InlineData("datasource_list: [ Ec2 ]\ndatasource_list: [ NoCloud ]\n", "NoCloud")]
    public void The_datasource_list_is_read_in_flow_and_block_style_and_only_at_the_top_level(string yaml, string? expected)
    {
        var names = ContextualisationRules.ParseDatasourceList(yaml);
        Assert.Equal(expected, names is null ? null : string.Join(",", names));
    }

    /// <summary>The scan of <paramref name="variant"/> finds exactly one thing: <paramref name="ruleId"/> at
    /// <paramref name="path"/>, its message saying <paramref name="says"/>.</summary>
    private static async Task AssertOnlyFindingAsync(CloudVariant variant, string ruleId, string path, string says)
    {
        var report = await variant.ScanAsync();
        var finding = Assert.Single(report.Findings);
        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal(path, finding.Path);
        Assert.Contains(says, finding.Message, StringComparison.Ordinal);
    }
}
