using System.Text.Json.Nodes;
using ImageGate.Testing;
using ImageGate.Testing.Sigstore;

namespace ImageGate.Cli.Tests.Commands.Signing;

public sealed class KeySigningTests : IDisposable
{
    private readonly TempDirectory _dir = new("imagegate-keys");

    public void Dispose() => _dir.Dispose();

    private async Task<(string Key, string Pub)> GenerateAsync(string prefix = "site", Dictionary<string, string>? env = null, params string[] extra)
    {
        var result = await CliRunner.RunAsync(["generate-key-pair", "--output-key-prefix", _dir.Combine(prefix), .. extra], env);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return (_dir.Combine(prefix + ".key"), _dir.Combine(prefix + ".pub"));
    }

    private string Artifact(string text = "endorsed list v1\n")
    {
        var path = _dir.Combine($"artifact-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task An_air_gapped_key_bundle_without_a_log_verifies_only_when_the_log_is_waived()
    {
        var (key, pub) = await GenerateAsync();
        var artifact = Artifact();
        var bundle = _dir.Combine("list.sigstore.json");
        var sign = await CliRunner.RunAsync(["sign", artifact, "--bundle", bundle, "--key", key]);
        Assert.True(sign.ExitCode == 0, sign.StandardError);

        var node = JsonNode.Parse(await File.ReadAllTextAsync(bundle, TestContext.Current.CancellationToken))!;
        Assert.Equal("application/vnd.dev.sigstore.bundle.v0.3+json", (string?)node["mediaType"]);
        Assert.False(string.IsNullOrEmpty((string?)node["verificationMaterial"]!["publicKey"]!["hint"]));

        var ok = await CliRunner.RunAsync(["verify", "--bundle", bundle, "--key", pub, "--insecure-ignore-tlog", artifact]);
        Assert.True(ok.ExitCode == 0, ok.StandardError);
        var strict = await CliRunner.RunAsync(["verify", "--bundle", bundle, "--key", pub, artifact]);
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("[tlog-missing]", strict.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_bundle_fails_for_another_key_a_changed_file_and_an_identity_policy()
    {
        var (key, _) = await GenerateAsync("a");
        var (_, otherPub) = await GenerateAsync("b");
        var artifact = Artifact();
        var bundle = _dir.Combine("x.sigstore.json");
        Assert.Equal(0, (await CliRunner.RunAsync(["sign", artifact, "--bundle", bundle, "--key", key])).ExitCode);

        var wrongKey = await CliRunner.RunAsync(["verify-bundle", "--bundle", bundle, "--key", otherPub, "--insecure-ignore-tlog", artifact]);
        Assert.Equal(1, wrongKey.ExitCode);
        Assert.Contains("[signature-invalid]", wrongKey.StandardError, StringComparison.Ordinal);

        var changed = await CliRunner.RunAsync(["verify-bundle", "--bundle", bundle, "--key", _dir.Combine("a.pub"), "--insecure-ignore-tlog", Artifact("endorsed list v2\n")]);
        Assert.Equal(1, changed.ExitCode);

        var identity = await CliRunner.RunAsync(["verify-bundle", "--bundle", bundle, "--certificate-identity", "x", "--certificate-oidc-issuer", "y", artifact]);
        Assert.Equal(1, identity.ExitCode);
        Assert.Contains("[bundle-key-mismatch]", identity.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_can_be_signed_without_the_file()
    {
        var (key, pub) = await GenerateAsync();
        var artifact = Artifact();
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(artifact)));
        var bundle = _dir.Combine("d.sigstore.json");
        Assert.Equal(0, (await CliRunner.RunAsync(["sign", "--digest", digest, "--bundle", bundle, "--key", key])).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(["verify", "--bundle", bundle, "--key", pub, "--insecure-ignore-tlog", artifact])).ExitCode);
    }

    [Fact]
    public async Task An_encrypted_key_needs_its_password()
    {
        var env = new Dictionary<string, string> { ["IMAGEGATE_KEY_PASSWORD"] = "correct horse" };
        var (key, pub) = await GenerateAsync("enc", env);
        Assert.Contains("ENCRYPTED PRIVATE KEY", await File.ReadAllTextAsync(key, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var artifact = Artifact();
        var bundle = _dir.Combine("e.sigstore.json");
        var noPassword = await CliRunner.RunAsync(["sign", artifact, "--bundle", bundle, "--key", key]);
        Assert.Equal(2, noPassword.ExitCode);
        var wrong = await CliRunner.RunAsync(["sign", artifact, "--bundle", bundle, "--key", key], new Dictionary<string, string> { ["IMAGEGATE_KEY_PASSWORD"] = "wrong" });
        Assert.Equal(2, wrong.ExitCode);
        Assert.DoesNotContain("correct horse", wrong.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync(["sign", artifact, "--bundle", bundle, "--key", key], env)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(["verify", "--bundle", bundle, "--key", pub, "--insecure-ignore-tlog", artifact])).ExitCode);
    }

    [Fact]
    public async Task Existing_key_files_are_not_overwritten()
    {
        await GenerateAsync("keep");
        var again = await CliRunner.RunAsync(["generate-key-pair", "--output-key-prefix", _dir.Combine("keep")]);
        Assert.Equal(2, again.ExitCode);
    }

    [Fact]
    public async Task A_key_bundle_logged_to_Rekor_with_a_timestamp_verifies_without_waivers()
    {
        await using var services = await MockSigstore.StartAsync();
        var (key, pub) = await GenerateAsync();
        var artifact = Artifact();
        var bundle = _dir.Combine("logged.sigstore.json");
        var sign = await CliRunner.RunAsync(["sign", artifact, "--bundle", bundle, "--key", key, "--rekor-url", services.Url.ToString(),
            "--tsa-url", services.TsaUrl.ToString(), "--trusted-root", services.TrustedRootPath]);
        Assert.True(sign.ExitCode == 0, sign.StandardError);
        var verify = await CliRunner.RunAsync(["verify-bundle", "--bundle", bundle, "--key", pub, "--trusted-root", services.TrustedRootPath, artifact]);
        Assert.True(verify.ExitCode == 0, verify.StandardError);
    }
}
