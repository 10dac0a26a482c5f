namespace ImageGate.Scanning.Tests.Traceability;

/// <summary>Logging and time services count when systemd really starts them (issue 20): installed is not enough.</summary>
public sealed class CloudServicesTests
{
    [Fact]
    public async Task Installed_but_disabled_or_masked_logging_and_time_services_are_not_counted()
    {
        using var v = new CloudVariant();
        // `systemctl disable chrony rsyslog` removes the wants links and the aliases; `systemctl mask systemd-journald`
        // links the unit to /dev/null.
        v.Delete("/etc/systemd/system/multi-user.target.wants/chrony.service", "/etc/systemd/system/chronyd.service",
            "/etc/systemd/system/multi-user.target.wants/rsyslog.service", "/etc/systemd/system/syslog.service");
        v.Symlink("/etc/systemd/system/systemd-journald.service", "/dev/null");
        var report = await v.ScanAsync();

        var time = Assert.Single(report.Findings, f => f.RuleId == "traceability/no-time-service");
        Assert.Equal("/usr/lib/systemd/system/chrony.service", time.Path); // Debian 12: /lib is a link to usr/lib
        Assert.Contains("chrony is installed but chrony.service is not enabled", time.Message, StringComparison.Ordinal);
        var logging = Assert.Single(report.Findings, f => f.RuleId == "traceability/no-logging");
        Assert.Contains("systemd-journald is installed but systemd-journald.service is masked", logging.Message, StringComparison.Ordinal);
        Assert.Contains("rsyslog is installed but rsyslog.service is not enabled", logging.Message, StringComparison.Ordinal);
        var masked = Assert.Single(report.Findings, f => f.RuleId == "traceability/logging-masked");
        Assert.Equal("/etc/systemd/system/systemd-journald.service", masked.Path);
        Assert.Equal(3, report.Findings.Count);
    }
}
