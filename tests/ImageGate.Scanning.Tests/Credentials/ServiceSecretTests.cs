using System.Text.Json.Nodes;
using ImageGate.DiskImages;
using ImageGate.Scanning.Rules;
using ImageGate.Testing;
using ImageGate.Testing.Images;

namespace ImageGate.Scanning.Tests.Credentials;

public sealed class ServiceSecretTests
{
    private static async Task<(ScanReport Report, ServiceSecretRoot Root)> ScanPlantedAsync(TempDirectory tmp)
    {
        var planted = ServiceSecretRoot.Plant(tmp.Path);
        using var fs = ImageSource.Open(tmp.Path);
        var report = await new Scanner().ScanAsync(fs, new ScanOptions(), CancellationToken.None);
        return (report, planted);
    }

    [Fact]
    public async Task Every_batch_system_token_embedded_key_bind_password_and_key_material_secret_is_found_by_path_and_rule()
    {
        using var tmp = new TempDirectory();
        var (report, root) = await ScanPlantedAsync(tmp);
        Assert.True(root.Planted.Count >= 30);
        var missing = root.Planted.Where(p => !report.Findings.Any(f => f.Path == p.Path && f.RuleId == p.RuleId))
            .Select(p => $"{p.RuleId} {p.Path} (found: {string.Join(", ", report.Findings.Where(f => f.Path == p.Path).Select(f => f.RuleId))})").ToList();
        Assert.True(missing.Count == 0, "not found: " + string.Join("; ", missing));
        // Each family rule fires, and a file is reported once (the most precise rule wins).
        foreach (var rule in new[] { "htcondor-secret", "cluster-key", "vault-token", "jwt", "embedded-private-key", "ldap-bind-password", "config-password", "secret-file" })
            Assert.Contains(report.Findings, f => f.RuleId == "credentials/" + rule);
        foreach (var (path, _) in root.Planted)
            Assert.Single(report.Findings, f => f.Path == path && f.RuleId.StartsWith("credentials/", StringComparison.Ordinal));
        Assert.False(report.Passed);
    }

    [Fact]
    public async Task Placeholders_references_paths_commented_and_world_readable_look_alikes_are_not_reported()
    {
        using var tmp = new TempDirectory();
        var (report, root) = await ScanPlantedAsync(tmp);
        Assert.NotEmpty(root.Silent);
        var noisy = report.Findings.Where(f => root.Silent.Contains(f.Path)).Select(f => $"{f.RuleId} {f.Path}: {f.Message}").ToList();
        Assert.True(noisy.Count == 0, string.Join("; ", noisy));
    }

    [Fact]
    public async Task Files_a_package_shipped_unchanged_are_reported_as_packaged_and_a_changed_one_is_a_finding()
    {
        using var tmp = new TempDirectory();
        var (report, root) = await ScanPlantedAsync(tmp);
        foreach (var path in root.Packaged)
            Assert.DoesNotContain(report.Findings, f => f.Path == path);
        var packaged = Assert.IsType<JsonArray>(report.Sections["packagedKeys"]);
        foreach (var path in root.Packaged)
            Assert.Contains(packaged, p => (string?)p!["path"] == path && (string?)p["package"] == "pkgd" && (string?)p["ruleId"] == "credentials/config-password");
        Assert.Contains(report.Findings, f => f.Path == "/etc/pkgd/changed.conf" && f.RuleId == "credentials/config-password");
    }

    [Fact]
    public async Task Vault_tokens_found_in_any_file_but_the_legacy_format_only_where_named()
    {
        using var tmp = new TempDirectory();
        var legacy = "s." + ServiceSecretRoot.Tok("legacy-unnamed", 24);
        var hvb = "hvb." + ServiceSecretRoot.Tok("batch", 120);
        File.WriteAllText(tmp.Combine("unnamed.txt"), $"release {legacy}\n");
        File.WriteAllText(tmp.Combine("named.sh"), $"#!/bin/sh\nexport VAULT_TOKEN=\"{legacy}\"\n");
        File.WriteAllText(tmp.Combine("batch.log"), $"using {hvb} for the job\n");
        using var fs = ImageSource.Open(tmp.Path);
        var report = await new Scanner().ScanAsync(fs, new ScanOptions(), CancellationToken.None);
        Assert.DoesNotContain(report.Findings, f => f.Path == "/unnamed.txt");
        Assert.Contains(report.Findings, f => f.Path == "/named.sh" && f.RuleId == "credentials/vault-token" && f.Message.Contains("legacy", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.Path == "/batch.log" && f.RuleId == "credentials/vault-token" && f.Message.Contains("batch", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_new_rule_cites_the_no_credentials_clause_and_says_to_inject_at_boot()
    {
        foreach (var id in new[] { "htcondor-secret", "cluster-key", "vault-token", "jwt", "embedded-private-key", "ldap-bind-password", "config-password", "secret-file" })
        {
            var rule = RuleCatalog.Find("credentials/" + id);
            Assert.NotNull(rule);
            Assert.Equal(PolicyClauses.NoCredentials, rule.Clause);
            Assert.Contains("contextualisation", rule.Remedy, StringComparison.Ordinal);
        }
    }
}
