using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageGate.Testing;
using ImageGate.Testing.Registries;
using ImageGate.Testing.Sites;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Cli.Tests.Commands.Endorsement;

/// <summary>The registry tags <c>publish --registry-sync</c> keeps, synced by EGI's own client: atrope 2.1.0's Harbor
/// source (from its source archive in ../shared/atrope, or IMAGEGATE_ATROPE_DIR, with oras-py 0.2.41) run with its
/// <c>noop</c> dispatcher and configured as EGI's central sync is (tag pattern <c>^[^-]*$</c>), through
/// <see cref="HarborStandIn"/> in front of a real registry.</summary>
public sealed class AtropeHarborTests
{
    private const string ListName = "vo_example";

    [Fact]
    public async Task Atrope_takes_exactly_the_endorsed_images_from_the_registry_and_drops_revoked_ones_after_the_next_registry_sync()
    {
        ExternalProcess.Require("openssl");
        ExternalProcess.Require("qemu-img");
        using var temp = new TempDirectory();
        var atrope = AtropeRunner.Unpack(temp);
        using var registry = LocalRegistry.Start();
        await using var harbor = new HarborStandIn(registry, "vo");
        var origin = TestInputs.CreateOrigin(temp);

        // Four pushes (each with push's hyphenated tag only), three endorsements, one image never endorsed.
        var sha256 = new Dictionary<string, string>();
        var pr = 1;
        foreach (var (name, version, megabytes, endorsedTag) in new[] { ("debian12", "1", 1, "12"), ("debian12", "2", 2, "12"), ("alma9", "1", 3, "9"), ("ubuntu24", "1", 4, null) })
        {
            var image = temp.Combine($"{name}-{version}.qcow2");
            Assert.Equal(0, ExternalProcess.Run("qemu-img", ["create", "-q", "-f", "qcow2", image, $"{megabytes}M"]).ExitCode);
            sha256[$"{name}@{version}"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(image)));
            var push = await CliRunner.RunAsync(["push", image, $"{registry.Host}/vo/{name}:{version}-test", "--json"]);
            Assert.True(push.ExitCode == 0, push.StandardError);
            if (endorsedTag is null) continue;
            var set = TestInputs.ForImage(temp, image);
            var endorse = await CliRunner.RunAsync(["endorse", image, "--name", name, "--version", version, "--report", set.Report, "--bundle", set.Bundle,
                "--oci", (string)JsonNode.Parse(push.StandardOutput)!["reference"]!, "--endorsed-tag", endorsedTag, "--list-repo", origin, .. TestInputs.KeyVerification(temp.Path)]);
            Assert.True(endorse.ExitCode == 0, endorse.StandardError);
            TestInputs.MergeBranch(temp, origin, $"endorse/{name}/{version}", pr++);
        }
        var key = temp.Combine("list.key");
        Assert.Equal(0, ExternalProcess.Run("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key]).ExitCode);
        string[] publish = ["publish", "--list-repo", origin, "--output", temp.Combine("site"), "--key", key, "--registry-sync"];
        var first = await CliRunner.RunAsync(publish);
        Assert.True(first.ExitCode == 0, first.StandardError);

        atrope.Configure(Sources(harbor));
        var sync = atrope.Run(["sync"], caBundle: harbor.CaBundlePath);
        Assert.True(sync.ExitCode == 0, sync.StandardOutput + sync.StandardError);
        AssertCached(Hashes(sha256, "debian12@2", "alma9@1"), atrope, sync, harbor);
        Assert.Contains(harbor.Requests, r => r.StartsWith("GET /api/v2.0/projects/vo/repositories/", StringComparison.Ordinal) && r.Contains("with_tag=true", StringComparison.Ordinal));

        // Revoke the newest debian12 (its tag moves back to version 1) and the only alma9 (its tag is deleted).
        foreach (var label in new[] { "debian12@2", "alma9@1" })
        {
            var revoke = await CliRunner.RunAsync(["revoke", label, "--reason", "openssl CVE", "--list-repo", origin, "--revoked-by", "bob"]);
            Assert.True(revoke.ExitCode == 0, revoke.StandardError);
            TestInputs.MergeBranch(temp, origin, $"revoke/{label.Replace('@', '/')}", pr++);
        }
        var second = await CliRunner.RunAsync(publish);
        Assert.True(second.ExitCode == 0, second.StandardError);

        var resync = atrope.Run(["sync"], caBundle: harbor.CaBundlePath);
        Assert.True(resync.ExitCode == 0, resync.StandardOutput + resync.StandardError);
        AssertCached(Hashes(sha256, "debian12@1"), atrope, resync, harbor);
    }

    private static void AssertCached(string[] expected, AtropeRunner atrope, ProcessResult sync, HarborStandIn harbor)
    {
        var cached = CachedImages(atrope);
        Assert.True(expected.SequenceEqual(cached), $"atrope cached [{string.Join(", ", cached)}], expected [{string.Join(", ", expected)}]\n"
            + $"requests: {string.Join("\n", harbor.Requests)}\n{sync.StandardOutput}{sync.StandardError}");
    }

    private static string[] Hashes(Dictionary<string, string> sha256, params string[] labels) =>
        labels.Select(l => sha256[l]).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The SHA-256 of every image file in atrope's cache for the Harbor source.</summary>
    private static string[] CachedImages(AtropeRunner atrope)
    {
        var dir = atrope.CachedImages(ListName);
        return !Directory.Exists(dir) ? [] : Directory.GetFiles(dir).Select(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>atrope's image sources as EGI's central sync sets them: one global <c>harbor:</c> block with the tag
    /// pattern, one source per VO project with its robot account.</summary>
    private static string Sources(HarborStandIn harbor) => $"""
        harbor:
            api_url: {JsonSerializer.Serialize(harbor.ApiUrl)}
            registry_host: {JsonSerializer.Serialize(harbor.Host)}
            tag_pattern: "^[^-]*$"
            verify_ssl: true
            page_size: 2
        {ListName}:
            type: harbor
            enabled: true
            project: vo
            auth_user: {JsonSerializer.Serialize(harbor.Username)}
            auth_password: {JsonSerializer.Serialize(harbor.Password)}
            images: []
            vos:
                - vo.example.org
        """;
}
