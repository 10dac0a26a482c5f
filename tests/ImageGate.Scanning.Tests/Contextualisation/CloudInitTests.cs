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
        var report = await v.ScanAsync();
        var finding = Assert.Single(report.Findings);
        Assert.Equal("contextualisation/no-agent", finding.RuleId);
        Assert.Equal("/etc/cloud/cloud-init.disabled", finding.Path);
        Assert.Contains("cloud-init is installed but disabled", finding.Message, StringComparison.Ordinal);
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
        var report = await v.ScanAsync();
        var finding = Assert.Single(report.Findings);
        Assert.Equal("contextualisation/no-agent", finding.RuleId);
        Assert.Equal("/etc/systemd/system/cloud-init.service", finding.Path);
        Assert.Contains("cloud-init.service is masked", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_datasource_list_without_the_sites_data_sources_is_flagged_at_the_file_that_sets_it()
    {
        using var v = new CloudVariant();
        // Debian's debconf list (90_dpkg.cfg) first, then a later file that narrows it: the last one wins.
        v.Write("/etc/cloud/cloud.cfg.d/90_dpkg.cfg",
            "# to update this file, run dpkg-reconfigure cloud-init\ndatasource_list: [ NoCloud, ConfigDrive, OpenNebula, OpenStack, Ec2, None ]\n");
        v.Write("/etc/cloud/cloud.cfg.d/99_only_ec2.cfg", "datasource_list:\n  - Ec2   # the public cloud only\n  - None\n");
        var report = await v.ScanAsync();
        var finding = Assert.Single(report.Findings);
        Assert.Equal("contextualisation/no-datasource", finding.RuleId);
        Assert.Equal("/etc/cloud/cloud.cfg.d/99_only_ec2.cfg", finding.Path);
        Assert.Contains("[Ec2, None]", finding.Message, StringComparison.Ordinal);
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
}
