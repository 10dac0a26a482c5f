using System.Text;
using System.Text.RegularExpressions;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using ImageGate.Testing.Patches;
using ImageGate.Testing.Images;

namespace ImageGate.Cli.Tests.Commands.Scan;

public sealed partial class NoSecretInOutputTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task No_planted_secret_appears_in_stdout_stderr_or_any_report()
    {
        var root = Fixtures.Path("planted");
        using var tmp = new TempDirectory();
        var outputs = new List<(string Name, string Text)>();
        foreach (var format in new[] { "table", "json", "sarif", "markdown" })
        {
            var r = await CliRunner.RunAsync(["scan", "--no-patch-check", root, "--format", format]);
            Assert.Equal(1, r.ExitCode);
            outputs.Add(($"stdout {format}", r.StandardOutput));
            outputs.Add(($"stderr {format}", r.StandardError));
        }
        var files = await CliRunner.RunAsync(["scan", "--no-patch-check", root, "--format", "json,sarif,markdown,table", "-o", tmp.Combine("report"), "--sbom", tmp.Combine("sbom.json")],
            new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = tmp.Combine("out"), ["GITHUB_STEP_SUMMARY"] = tmp.Combine("summary"), ["RUNNER_TEMP"] = tmp.Path });
        Assert.Equal(1, files.ExitCode);
        outputs.Add(("stdout actions", files.StandardOutput));
        outputs.Add(("stderr actions", files.StandardError));
        foreach (var f in Directory.GetFiles(tmp.Path))
            outputs.Add((Path.GetFileName(f), File.ReadAllText(f)));
        Assert.True(outputs.Count >= 14);

        var secrets = Secrets(root).ToList();
        Assert.True(secrets.Count >= 40, $"only {secrets.Count} secret fragments extracted");
        foreach (var (name, text) in outputs)
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a planted secret ({secret.Length} chars) appears in {name}");
    }

    [Fact]
    public async Task No_byte_of_a_repository_password_appears_in_any_report_sbom_inventory_or_patch_metadata()
    {
        using var image = new RepositoryCredentialsImage();
        using var snapshot = new DebianSnapshot();
        using var server = new RepositoryServer(snapshot.Root);
        using var tmp = new TempDirectory();
        // The patch check runs (through the operator's mirror): missingUpdates and patchMetadata name the repositories.
        string[] patch = ["--mirror", $"http://deb.debian.org={server.BaseUrl}"];
        var clock = new FixedClock(snapshot.Fetched);
        var outputs = new List<(string Name, string Text)>();
        foreach (var format in new[] { "table", "json", "sarif", "markdown" })
        {
            var r = await CliRunner.RunAsync(["scan", image.Root, .. patch, "--format", format], time: clock);
            Assert.True(r.ExitCode == 1, r.StandardError);
            outputs.Add(($"stdout {format}", r.StandardOutput));
            outputs.Add(($"stderr {format}", r.StandardError));
        }
        var files = await CliRunner.RunAsync(["scan", image.Root, .. patch, "--format", "json,sarif,markdown,table", "-o", tmp.Combine("report"), "--sbom", tmp.Combine("sbom.json")],
            new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = tmp.Combine("out"), ["GITHUB_STEP_SUMMARY"] = tmp.Combine("summary"), ["RUNNER_TEMP"] = tmp.Path },
            time: clock);
        Assert.True(files.ExitCode == 1, files.StandardError);
        outputs.Add(("stdout actions", files.StandardOutput));
        outputs.Add(("stderr actions", files.StandardError));
        foreach (var format in new[] { "json", "spdx", "cyclonedx" })
        {
            var inv = await CliRunner.RunAsync(["inventory", image.Root, "--format", format]);
            Assert.True(inv.ExitCode == 0, inv.StandardError);
            outputs.Add(($"inventory {format}", inv.StandardOutput + inv.StandardError));
        }
        foreach (var f in Directory.GetFiles(tmp.Path))
            outputs.Add((Path.GetFileName(f), File.ReadAllText(f)));

        // The findings are there, and the repositories are named without their credentials.
        var json = File.ReadAllText(tmp.Combine("report.json"));
        foreach (var rule in new[] { "credentials/repository-password", "credentials/apt-auth", "credentials/repository-client-key" })
            Assert.Contains(rule, json, StringComparison.Ordinal);
        Assert.Contains("\"repository\": \"http://deb.debian.org/debian-security bookworm-security\"", json, StringComparison.Ordinal);
        Assert.Contains("http://deb.debian.org/debian-security/dists/bookworm-security/InRelease", json, StringComparison.Ordinal);

        var secrets = RepositoryCredentialsImage.Passwords
            .SelectMany(p => new[] { p, Convert.ToBase64String(Encoding.UTF8.GetBytes(p)), Convert.ToBase64String(Encoding.UTF8.GetBytes("builder:" + p)), Uri.EscapeDataString(p) })
            .ToList();
        Assert.True(outputs.Count >= 17);
        foreach (var (name, text) in outputs)
            foreach (var secret in secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a repository password ({secret.Length} chars) appears in {name}");
        Assert.All(server.Requests, r => Assert.DoesNotContain("builder", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task No_secret_of_the_batch_system_token_embedded_key_bind_password_or_key_material_families_appears_in_any_output()
    {
        using var image = new TempDirectory();
        var planted = ServiceSecretRoot.Plant(image.Path);
        using var tmp = new TempDirectory();
        var outputs = new List<(string Name, string Text)>();
        foreach (var format in new[] { "table", "json", "sarif", "markdown" })
        {
            var r = await CliRunner.RunAsync(["scan", "--no-patch-check", image.Path, "--format", format]);
            Assert.Equal(1, r.ExitCode);
            outputs.Add(($"stdout {format}", r.StandardOutput));
            outputs.Add(($"stderr {format}", r.StandardError));
        }
        var files = await CliRunner.RunAsync(["scan", "--no-patch-check", image.Path, "--format", "json,sarif,markdown,table", "-o", tmp.Combine("report")],
            new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_OUTPUT"] = tmp.Combine("out"), ["GITHUB_STEP_SUMMARY"] = tmp.Combine("summary"), ["RUNNER_TEMP"] = tmp.Path });
        Assert.Equal(1, files.ExitCode);
        outputs.Add(("stdout actions", files.StandardOutput));
        outputs.Add(("stderr actions", files.StandardError));
        foreach (var f in Directory.GetFiles(tmp.Path))
            outputs.Add((Path.GetFileName(f), File.ReadAllText(f)));
        Assert.True(outputs.Count >= 13);
        // The reports do name the findings (so the search below looks at real output).
        Assert.Contains(outputs, o => o.Text.Contains("credentials/htcondor-secret", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Text.Contains("credentials/secret-file", StringComparison.Ordinal));

        var secrets = planted.Secrets.Where(s => s.Length >= 12).Distinct().ToList();
        Assert.True(secrets.Count >= 35, $"only {secrets.Count} secrets planted");
        foreach (var (name, text) in outputs)
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a planted secret ({secret.Length} chars) appears in {name}");
                if (secret.Length >= 24)
                    Assert.False(text.Contains(secret[^16..], StringComparison.Ordinal), $"the last 16 characters of a planted secret appear in {name}");
            }
    }

    /// <summary>Every secret-looking fragment of the planted credential files: key bodies, tokens, passwords, hashes,
    /// and the hex/base64 of binary key material.</summary>
    private static IEnumerable<string> Secrets(string root)
    {
        var paths = Fixtures.Planted().Where(p => p.RuleId.StartsWith("credentials/", StringComparison.Ordinal) || p.Path.StartsWith("/etc/shadow", StringComparison.Ordinal))
            .Select(p => p.Path).Distinct();
        foreach (var path in paths)
        {
            var bytes = File.ReadAllBytes(root + path);
            var text = Encoding.Latin1.GetString(bytes);
            var isText = bytes.All(b => b is 9 or 10 or 13 || (b >= 32 && b < 127));
            if (!isText)
            {
                yield return Convert.ToHexString(bytes.AsSpan(0, Math.Min(24, bytes.Length)));
                yield return Convert.ToHexStringLower(bytes.AsSpan(0, Math.Min(24, bytes.Length)));
                yield return Convert.ToBase64String(bytes.AsSpan(0, Math.Min(24, bytes.Length)));
            }
            foreach (Match m in Fragment().Matches(text))
            {
                var v = m.Value;
                if (Word().IsMatch(v) || CamelWord().IsMatch(v)) continue;
                yield return v;
            }
        }
    }

    [GeneratedRegex(@"[A-Za-z0-9+/=_-]{12,}")]
    private static partial Regex Fragment();

    [GeneratedRegex(@"^[a-z0-9_.-]+$")]
    private static partial Regex Word();

    [GeneratedRegex(@"^([A-Z][a-z]+)+$")]
    private static partial Regex CamelWord();
}
