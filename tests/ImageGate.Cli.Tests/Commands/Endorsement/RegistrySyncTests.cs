using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ImageGate.Testing;
using ImageGate.Testing.Registries;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Cli.Tests.Commands.Endorsement;

/// <summary><c>publish --registry-sync</c> (issue 16 item 4) against a real registry, checked with skopeo.</summary>
public sealed class RegistrySyncTests
{
    [Fact]
    public async Task The_endorsed_tag_follows_the_list_forward_and_back_after_a_revocation_and_a_second_run_changes_nothing()
    {
        ExternalProcess.Require("openssl");
        ExternalProcess.Require("skopeo");
        ExternalProcess.Require("qemu-img");
        using var temp = new TempDirectory();
        using var registry = LocalRegistry.Start();
        var origin = TestInputs.CreateOrigin(temp);
        var repository = $"{registry.Host}/vo/debian12";
        var refs = new Dictionary<string, string>();
        foreach (var (version, megabytes) in new[] { ("1", 1), ("2", 2) })
        {
            var image = temp.Combine($"debian12-{version}.qcow2");
            Assert.Equal(0, ExternalProcess.Run("qemu-img", ["create", "-q", "-f", "qcow2", image, $"{megabytes}M"]).ExitCode);
            var set = TestInputs.ForImage(temp, image);
            var push = await CliRunner.RunAsync(["push", image, $"{repository}:{version}-test", "--json"]);
            Assert.True(push.ExitCode == 0, push.StandardError);
            refs[version] = (string)JsonNode.Parse(push.StandardOutput)!["reference"]!;
            var endorse = await CliRunner.RunAsync(["endorse", image, "--name", "debian12", "--version", version, "--report", set.Report, "--bundle", set.Bundle,
                "--oci", refs[version], "--list-repo", origin, .. TestInputs.KeyVerification(temp.Path)]);
            Assert.True(endorse.ExitCode == 0, endorse.StandardError);
            TestInputs.MergeBranch(temp, origin, $"endorse/debian12/{version}", int.Parse(version, System.Globalization.CultureInfo.InvariantCulture));
        }
        var key = temp.Combine("list.key");
        Assert.Equal(0, ExternalProcess.Run("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key]).ExitCode);
        string[] publish = ["publish", "--list-repo", origin, "--output", temp.Combine("site"), "--key", key, "--registry-sync"];

        var first = await CliRunner.RunAsync(publish);
        Assert.True(first.ExitCode == 0, first.StandardError);
        Assert.Contains($"registry: create {repository}:12 -> {Digest(refs["2"])}", first.StandardOutput);
        Assert.Equal(Digest(refs["2"]), TagDigest(repository, "12"));

        var revoke = await CliRunner.RunAsync(["revoke", "debian12@2", "--reason", "openssl CVE", "--list-repo", origin, "--revoked-by", "bob"]);
        Assert.True(revoke.ExitCode == 0, revoke.StandardError);
        TestInputs.MergeBranch(temp, origin, "revoke/debian12/2", 3);
        var plan = await CliRunner.RunAsync([.. publish, "--dry-run"]);
        Assert.True(plan.ExitCode == 0, plan.StandardError);
        Assert.Contains($"registry: would move {repository}:12 {Digest(refs["2"])} -> {Digest(refs["1"])}", plan.StandardOutput);
        Assert.Equal(Digest(refs["2"]), TagDigest(repository, "12"));

        var back = await CliRunner.RunAsync(publish);
        Assert.True(back.ExitCode == 0, back.StandardError);
        Assert.Contains($"registry: move {repository}:12 {Digest(refs["2"])} -> {Digest(refs["1"])}", back.StandardOutput);
        Assert.Equal(Digest(refs["1"]), TagDigest(repository, "12"));

        var again = await CliRunner.RunAsync(publish);
        Assert.True(again.ExitCode == 0, again.StandardError);
        Assert.Contains("registry: nothing to change", again.StandardOutput);
        Assert.DoesNotContain("registry: create", again.StandardOutput);
        Assert.DoesNotContain("registry: move", again.StandardOutput);
        // push's hyphenated tags are not managed: both still hold their images
        Assert.Equal(Digest(refs["1"]), TagDigest(repository, "1-test"));
        Assert.Equal(Digest(refs["2"]), TagDigest(repository, "2-test"));
    }

    [Fact]
    public async Task Publish_dry_run_without_registry_sync_is_a_usage_error()
    {
        using var temp = new TempDirectory();
        var r = await CliRunner.RunAsync(["publish", "--list-repo", TestInputs.CreateOrigin(temp), "--output", temp.Combine("o"), "--key", temp.Combine("k"), "--dry-run"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("needs --registry-sync", r.StandardError);
    }

    private static string Digest(string reference) => reference[(reference.IndexOf('@', StringComparison.Ordinal) + 1)..];

    /// <summary>The digest of the manifest a tag holds, as skopeo (an independent client) reads it.</summary>
    private static string TagDigest(string repository, string tag)
    {
        var raw = ExternalProcess.Run("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{repository}:{tag}"]);
        Assert.True(raw.ExitCode == 0, raw.StandardError);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(raw.RawOutput.AsSpan().TrimEnd((byte)'\n')));
    }
}
