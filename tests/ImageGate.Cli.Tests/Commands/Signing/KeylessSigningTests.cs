using System.Text.Json.Nodes;
using ImageGate.Testing;
using ImageGate.Testing.Sigstore;

namespace ImageGate.Cli.Tests.Commands.Signing;

/// <summary>Keyless signing and verification against local Sigstore services (@sigstore/mock) on 127.0.0.1.</summary>
public sealed class KeylessSigningTests(KeylessSigningTests.Services fixture) : IClassFixture<KeylessSigningTests.Services>
{
    private readonly MockSigstore _services = fixture.Main;
    private readonly MockSigstore _other = fixture.Other;
    private readonly TempDirectory _dir = fixture.Dir;
    private readonly string _artifact = fixture.Artifact;
    private readonly string _bundle = fixture.Bundle;

    /// <summary>Two independent mock instances and one bundle ImageGate signed keylessly against the first.</summary>
    public sealed class Services : IAsyncLifetime
    {
        public MockSigstore Main { get; private set; } = null!;
        public MockSigstore Other { get; private set; } = null!;
        public TempDirectory Dir { get; } = new("imagegate-keyless");
        public string Artifact => Dir.Combine("image.qcow2");
        public string Bundle => Dir.Combine("image.sigstore.json");

        public async ValueTask InitializeAsync()
        {
            Main = await MockSigstore.StartAsync();
            Other = await MockSigstore.StartAsync();
            await File.WriteAllTextAsync(Artifact, "pretend this is a disk image\n");
            var sign = await CliRunner.RunAsync([
                "sign", Artifact, "--bundle", Bundle, "--identity-token", MockSigstore.GitHubToken(),
                "--fulcio-url", Main.Url.ToString(), "--rekor-url", Main.Url.ToString(), "--tsa-url", Main.TsaUrl.ToString(),
                "--trusted-root", Main.TrustedRootPath]);
            Assert.True(sign.ExitCode == 0, sign.StandardError + sign.StandardOutput);
        }

        public async ValueTask DisposeAsync()
        {
            await Main.DisposeAsync();
            await Other.DisposeAsync();
            Dir.Dispose();
        }
    }

    private Task<CliResult> Verify(string bundle, string artifact, string? root = null, string identity = MockSigstore.Identity,
        string issuer = MockSigstore.Issuer) =>
        CliRunner.RunAsync(["verify-bundle", "--bundle", bundle, "--certificate-identity", identity, "--certificate-oidc-issuer", issuer,
            "--trusted-root", root ?? _services.TrustedRootPath, artifact]);

    private string Tampered(Action<JsonNode> change)
    {
        var node = JsonNode.Parse(File.ReadAllText(_bundle))!;
        change(node);
        var path = _dir.Combine($"tampered-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, node.ToJsonString());
        return path;
    }

    [Fact]
    public async Task A_keyless_bundle_is_v0_3_with_a_certificate_a_rekor_entry_and_a_timestamp()
    {
        var node = JsonNode.Parse(await File.ReadAllTextAsync(_bundle, TestContext.Current.CancellationToken))!;
        Assert.Equal("application/vnd.dev.sigstore.bundle.v0.3+json", (string?)node["mediaType"]);
        Assert.NotNull(node["verificationMaterial"]!["certificate"]);
        Assert.Single(node["verificationMaterial"]!["tlogEntries"]!.AsArray());
        Assert.Single(node["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]!.AsArray());
    }

    [Fact]
    public async Task The_bundle_verifies_with_ImageGate()
    {
        var result = await Verify(_bundle, _artifact);
        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    [Fact]
    public async Task The_friendly_verify_reports_the_GitHub_workflow_identity_as_json()
    {
        var result = await CliRunner.RunAsync(["verify", "--bundle", _bundle, "--certificate-identity-regexp", "https://github\\.com/org/repo/.*",
            "--certificate-oidc-issuer", MockSigstore.Issuer, "--certificate-github-workflow-repository", "org/repo",
            "--certificate-github-workflow-ref", "refs/heads/main", "--trusted-root", _services.TrustedRootPath, "--json", _artifact]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        var json = JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal(MockSigstore.Identity, (string?)json["identity"]);
        Assert.Equal("https://github.com/org/repo", (string?)json["sourceRepository"]);
        Assert.Equal(2, json["signingTimes"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_bundle_verifies_with_sigstore_js()
    {
        var result = MockSigstore.Node("verify.js", _bundle, _artifact, _services.TrustedRootPath, MockSigstore.Identity, MockSigstore.Issuer);
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task A_wrong_identity_is_rejected()
    {
        var result = await Verify(_bundle, _artifact, identity: "https://github.com/evil/repo/.github/workflows/release.yml@refs/heads/main");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[identity-san]", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_issuer_is_rejected()
    {
        var result = await Verify(_bundle, _artifact, issuer: "https://accounts.google.com");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[identity-issuer]", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_artifact_is_rejected()
    {
        var other = _dir.Combine("other.qcow2");
        await File.WriteAllTextAsync(other, "pretend this is another disk image\n", TestContext.Current.CancellationToken);
        var result = await Verify(_bundle, other);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[artifact-digest-mismatch]", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_integrated_time_is_rejected()
    {
        var bundle = Tampered(n =>
        {
            var e = n["verificationMaterial"]!["tlogEntries"]![0]!;
            e["integratedTime"] = (long.Parse((string)e["integratedTime"]!, System.Globalization.CultureInfo.InvariantCulture) - 60).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        var result = await Verify(bundle, _artifact);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[tlog-set-signature]", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_root_hash_is_rejected()
    {
        var bundle = Tampered(n => n["verificationMaterial"]!["tlogEntries"]![0]!["inclusionProof"]!["rootHash"] = Convert.ToBase64String(new byte[32]));
        var result = await Verify(bundle, _artifact);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[tlog-inclusion-proof]", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trusted_root_of_another_instance_is_rejected()
    {
        var result = await Verify(_bundle, _artifact, root: _other.TrustedRootPath);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("[tlog-unknown-log]", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v3", "application/vnd.dev.sigstore.bundle.v0.3+json")] // DSSE in-toto statement naming the artifact
    [InlineData("v2", "application/vnd.dev.sigstore.bundle+json;version=0.2")]
    public async Task ImageGate_verifies_bundles_that_sigstore_js_signs(string version, string mediaType)
    {
        var bundle = _dir.Combine($"js-{version}.sigstore.json");
        var sign = MockSigstore.Node("sign.js", _artifact, bundle, _services.Url.ToString().TrimEnd('/'), _services.Url.ToString().TrimEnd('/'),
            MockSigstore.GitHubToken(), _services.Url.ToString().TrimEnd('/'), version);
        Assert.True(sign.ExitCode == 0, sign.StandardOutput + sign.StandardError);
        Assert.Equal(mediaType, sign.StandardOutput.Trim());
        var result = await Verify(bundle, _artifact);
        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    [Fact]
    public async Task The_conformance_signing_form_uses_the_signing_config()
    {
        var bundle = _dir.Combine("conformance.sigstore.json");
        var sign = await CliRunner.RunAsync(["sign-bundle", "--identity-token", MockSigstore.GitHubToken(), "--bundle", bundle,
            "--trusted-root", _services.TrustedRootPath, "--signing-config", _services.SigningConfigPath, _artifact]);
        Assert.True(sign.ExitCode == 0, sign.StandardError);
        var node = JsonNode.Parse(await File.ReadAllTextAsync(bundle, TestContext.Current.CancellationToken))!;
        Assert.Single(node["verificationMaterial"]!["timestampVerificationData"]!["rfc3161Timestamps"]!.AsArray());
        Assert.Equal(0, (await Verify(bundle, _artifact)).ExitCode);
    }

    [Fact]
    public async Task Without_a_token_outside_GitHub_Actions_the_error_says_how_to_fix_it()
    {
        var result = await CliRunner.RunAsync(["sign", _artifact, "--bundle", _dir.Combine("x.json"), "--fulcio-url", _services.Url.ToString(),
            "--rekor-url", _services.Url.ToString(), "--trusted-root", _services.TrustedRootPath]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("id-token: write", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_GitHub_Actions_the_token_is_requested_with_audience_sigstore()
    {
        using var listener = new System.Net.HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        string? audience = null, authorization = null;
        var serve = Task.Run(async () =>
        {
            var ctx = await listener.GetContextAsync();
            audience = ctx.Request.QueryString["audience"];
            authorization = ctx.Request.Headers["Authorization"];
            var body = System.Text.Encoding.UTF8.GetBytes($"{{\"value\":\"{MockSigstore.GitHubToken()}\"}}");
            ctx.Response.ContentType = "application/json";
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        }, TestContext.Current.CancellationToken);
        var bundle = _dir.Combine("actions.sigstore.json");
        var env = new Dictionary<string, string>
        {
            ["ACTIONS_ID_TOKEN_REQUEST_URL"] = $"http://127.0.0.1:{port}/token?api-version=2.0",
            ["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = "runner-secret",
        };
        var sign = await CliRunner.RunAsync(["sign", _artifact, "--bundle", bundle, "--fulcio-url", _services.Url.ToString(),
            "--rekor-url", _services.Url.ToString(), "--trusted-root", _services.TrustedRootPath], env);
        await serve;
        Assert.True(sign.ExitCode == 0, sign.StandardError);
        Assert.Equal("sigstore", audience);
        Assert.Equal("Bearer runner-secret", authorization);
        Assert.DoesNotContain("runner-secret", sign.StandardOutput + sign.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, (await Verify(bundle, _artifact)).ExitCode);
    }

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
