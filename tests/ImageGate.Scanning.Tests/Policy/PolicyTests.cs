using ImageGate.Core.Errors;
using ImageGate.Scanning.Policy;
using ImageGate.Scanning.Rules;


namespace ImageGate.Scanning.Tests.Policy;

public sealed class PolicyTests
{
    [Fact]
    public void The_embedded_default_lists_every_rule_with_its_catalogue_severity()
    {
        var policy = ScanPolicy.Default;
        foreach (var rule in RuleCatalog.All)
        {
            Assert.True(policy.Rules.ContainsKey(rule.Id), $"{rule.Id} missing from the default policy");
            Assert.Equal(rule.DefaultSeverity, policy.SeverityOf(rule.Id, Severity.Info));
        }
        Assert.Contains(policy.ContentSkips, s => s.Path == "/proc/**");
    }

    [Fact]
    public async Task Waivers_apply_until_they_expire_and_expired_ones_are_reported()
    {
        var yaml = """
            rules:
              traceability/machine-id: { enabled: false }
              accounts/non-system-user: { severity: low }
            waivers:
              - rule: credentials/munge-key
                path: /etc/munge/*
                justification: test cluster image
                expires: 2026-12-31
                approvedBy: alice@example.org
              - rule: credentials/netrc
                path: /home/**
                justification: expired one
                expires: 2026-01-01
                approvedBy: bob@example.org
            """;
        var policy = PolicyLoader.Parse(yaml, "test.yaml", ScanPolicy.Default);
        var report = await ScanFixtures.ScanAsync("planted", new ScanOptions { Policy = policy, Time = new FixedTime(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero)) });
        var munge = Assert.Single(report.Findings, f => f.RuleId == "credentials/munge-key");
        Assert.True(munge.Waived);
        Assert.False(Assert.Single(report.Findings, f => f.RuleId == "credentials/netrc").Waived);
        Assert.Contains(report.Findings, f => f.RuleId == "tooling/waiver-expired" && f.Message.Contains("bob@example.org", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Findings, f => f.RuleId == "traceability/machine-id");
        Assert.Equal(Severity.Low, Assert.Single(report.Findings, f => f.RuleId == "accounts/non-system-user").Severity);
        Assert.Equal(["applied", "expired"], report.Waivers.Select(w => w.Status));
    }

    [Theory]
    [InlineData("rules:\n  credentials/no-such-rule: { enabled: false }\n", "no-such-rule")]
    [InlineData("waivers:\n  - rule: credentials/netrc\n    path: /x\n    justification: j\n    expires: tomorrow\n    approvedBy: a\n", "tomorrow")]
    [InlineData("waivers:\n  - rule: credentials/netrc\n    path: /x\n    expires: 2027-01-01\n    approvedBy: a\n", "justification")]
    [InlineData("rules:\n  accounts/root-password: { severity: urgent }\n", "urgent")]
    [InlineData("failOn: [\n", "line")]
    [InlineData("unknownKey: 1\n", "unknownKey")]
    public void A_bad_policy_is_bad_input_naming_the_problem(string yaml, string expected)
    {
        var ex = Assert.Throws<BadInputException>(() => PolicyLoader.Parse(yaml, "p.yaml", ScanPolicy.Default));
        Assert.Contains(expected, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("p.yaml", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/munge/*", "/etc/munge/munge.key", true)]
    [InlineData("/etc/munge/*", "/etc/munge/sub/munge.key", false)]
    [InlineData("/home/**", "/home/alice/.ssh/id_rsa", true)]
    [InlineData("/home/**/id_*", "/home/id_rsa", true)]
    [InlineData("/home/**/id_*", "/home/a/b/id_rsa", true)]
    [InlineData("/srv/keys/?.pem", "/srv/keys/ab.pem", false)]
    public void Path_globs_match_components(string pattern, string path, bool matches) =>
        Assert.Equal(matches, new PathGlob(pattern).IsMatch(path));
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
