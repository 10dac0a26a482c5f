using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImageGate.Distribution.Client;
using ImageGate.Testing;
using ImageGate.Testing.Registries;

namespace ImageGate.Cli.Tests.Commands.Distribution;

public sealed class PushCommandTests
{
    [Fact]
    public async Task Push_writes_an_EGI_shaped_artifact_that_skopeo_reads_and_a_re_push_uploads_nothing()
    {
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        var image = Fixtures.Path("gpt-compressed.qcow2");
        string[] args = ["push", image, $"{registry.Host}/egi/debian", "--registry-username", registry.Username, "--registry-password-stdin", "--json"];
        var stdin = Encoding.UTF8.GetBytes(registry.Password + "\n");

        var first = await CliRunner.RunAsync(args, standardInput: stdin);
        var uploads = BlobWrites(registry);
        var manifestPuts = registry.Requests("PUT").Count(l => l.Contains("/manifests/", StringComparison.Ordinal));
        var second = await CliRunner.RunAsync(args, standardInput: stdin);

        Assert.True(first.ExitCode == 0, first.StandardError);
        Assert.True(second.ExitCode == 0, second.StandardError);
        var json = JsonNode.Parse(first.StandardOutput)!;
        var sha = RegistryTestImages.Sha256(image);
        Assert.Equal($"sha256:{sha}", (string)json["layerDigest"]!);
        var tag = (string)json["tags"]![0]!;
        Assert.Matches(new Regex("^12-[0-9a-f]{12}$"), tag);
        Assert.DoesNotMatch(new Regex("^[^-]*$"), tag); // atrope's EGI pattern ignores it
        Assert.Equal($"{registry.Host}/egi/debian@{json["manifestDigest"]}", (string)json["reference"]!);
        Assert.Equal(first.StandardOutput, second.StandardOutput);
        Assert.Equal(uploads, BlobWrites(registry));
        Assert.Equal(manifestPuts, registry.Requests("PUT").Count(l => l.Contains("/manifests/", StringComparison.Ordinal)));
        Assert.DoesNotContain(registry.Password, first.StandardOutput + first.StandardError + second.StandardError, StringComparison.Ordinal);

        ExternalProcess.Require("skopeo");
        var raw = ExternalProcess.Run("skopeo", ["inspect", "--raw", "--tls-verify=false", "--creds", $"{registry.Username}:{registry.Password}", $"docker://{registry.Host}/egi/debian:{tag}"]);
        Assert.True(raw.ExitCode == 0, raw.StandardError);
        var manifest = JsonNode.Parse(raw.StandardOutput)!;
        Assert.Equal(Digests.Of(raw.RawOutput.AsSpan().TrimEnd((byte)'\n')), (string)json["manifestDigest"]!);
        Assert.Equal("application/vnd.imagegate.vm-image.v1", (string)manifest["artifactType"]!);
        Assert.Equal(MediaTypes.Empty, (string)manifest["config"]!["mediaType"]!);
        Assert.Equal(MediaTypes.EmptyDigest, (string)manifest["config"]!["digest"]!);
        var layer = Assert.Single(manifest["layers"]!.AsArray())!;
        Assert.Equal("application/x-qemu-disk", (string)layer["mediaType"]!);
        Assert.Equal($"sha256:{sha}", (string)layer["digest"]!);
        Assert.Equal(new FileInfo(image).Length, (long)layer["size"]!);
        var a = layer["annotations"]!;
        Assert.Equal("gpt-compressed.qcow2", (string)a["org.opencontainers.image.title"]!);
        Assert.Equal(tag, (string)a["eu.egi.cloud.tag"]!);
        Assert.Equal("qcow2", (string)a["org.openstack.glance.disk_format"]!);
        Assert.Equal("bare", (string)a["org.openstack.glance.container_format"]!);
        Assert.Equal("x86_64", (string)a["org.openstack.glance.architecture"]!);
        Assert.Equal("debian", (string)a["org.openstack.glance.os_distro"]!);
        Assert.Equal("12", (string)a["org.openstack.glance.os_version"]!);
        Assert.Equal("linux", (string)a["org.openstack.glance.os_type"]!);
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", (string)a["eu.egi.cloud.description"]!);
        Assert.NotNull(manifest["annotations"]!["org.opencontainers.image.created"]);
    }

    [Fact]
    public async Task Push_with_a_wrong_password_exits_2_and_never_prints_the_password()
    {
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        using var dir = new TempDirectory();
        var image = RegistryTestImages.EmptyQcow2(dir, "small.qcow2", 1);
        var wrong = "not-" + registry.Password;

        var result = await CliRunner.RunAsync(["push", image, $"{registry.Host}/egi/small:v1-test"],
            new Dictionary<string, string> { ["IMAGEGATE_REGISTRY_USERNAME"] = registry.Username, ["IMAGEGATE_REGISTRY_PASSWORD"] = wrong });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(registry.Host, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("refused the credentials", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_to_a_tag_that_holds_another_image_exits_2_and_leaves_the_tag_alone()
    {
        using var registry = LocalRegistry.Start();
        using var dir = new TempDirectory();
        var one = RegistryTestImages.EmptyQcow2(dir, "one.qcow2", 1);
        var two = RegistryTestImages.EmptyQcow2(dir, "two.qcow2", 2);
        var first = await CliRunner.RunAsync(["push", one, $"{registry.Host}/egi/img:v1", "--json"]);
        Assert.True(first.ExitCode == 0, first.StandardError);

        var second = await CliRunner.RunAsync(["push", two, $"{registry.Host}/egi/img:v1"]);

        Assert.Equal(2, second.ExitCode);
        Assert.Contains("already points at", second.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{registry.Host}/egi/img:v1", second.StandardError, StringComparison.Ordinal);
        using var client = new RegistryClient(registry.Host, null);
        Assert.Equal((string)JsonNode.Parse(first.StandardOutput)!["manifestDigest"]!, (await client.HeadManifestAsync("egi/img", "v1", TestContext.Current.CancellationToken))!.Digest);
    }

    [Fact]
    public async Task Push_attaches_bundle_sbom_and_report_as_referrers_and_takes_tags_and_annotations_from_the_command_line()
    {
        using var registry = LocalRegistry.Start();
        using var dir = new TempDirectory();
        var image = RegistryTestImages.EmptyQcow2(dir, "img.qcow2", 1);
        File.WriteAllText(dir.Combine("img.sigstore.json"), """{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}""");
        File.WriteAllText(dir.Combine("sbom.json"), """{"bomFormat":"CycloneDX","specVersion":"1.6"}""");
        File.WriteAllText(dir.Combine("report.json"), """{"verdict":"pass"}""");

        var result = await CliRunner.RunAsync(["push", image, $"{registry.Host}/vo/img:1.0-abc,candidate-1", "--json",
            "--bundle", dir.Combine("img.sigstore.json"), "--sbom", dir.Combine("sbom.json"), "--report", dir.Combine("report.json"),
            "--annotation", "org.openstack.glance.os_distro=custom", "--annotation", "org.opencontainers.image.source=https://example.org/repo"]);

        Assert.True(result.ExitCode == 0, result.StandardError);
        var json = JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal(["1.0-abc", "candidate-1"], json["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(3, json["referrers"]!.AsArray().Count);
        var ct = TestContext.Current.CancellationToken;
        using var client = new RegistryClient(registry.Host, null);
        var referrers = await client.GetReferrersAsync("vo/img", (string)json["manifestDigest"]!, cancellationToken: ct);
        Assert.Equal(
            ["application/vnd.cyclonedx+json", "application/vnd.dev.sigstore.bundle.v0.3+json", "application/vnd.imagegate.scan-report.v1+json"],
            referrers.Select(r => r.ArtifactType!).Order(StringComparer.Ordinal));
        var manifest = OciManifest.Parse((await client.GetManifestAsync("vo/img", "candidate-1", ct))!.Content, "test");
        Assert.Equal("custom", manifest.Layers[0].Annotations["org.openstack.glance.os_distro"]);
        Assert.Equal("1.0-abc", manifest.Layers[0].Annotations["eu.egi.cloud.tag"]);
        Assert.Equal("https://example.org/repo", manifest.Annotations["org.opencontainers.image.source"]);
        Assert.DoesNotContain("org.opencontainers.image.source", manifest.Layers[0].Annotations.Keys);
    }

    /// <summary>A clock a minute ahead: the image written by the test is outside the digest cache's racy margin.</summary>
    private sealed class MinuteAhead : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddMinutes(1);
    }

    [Fact]
    public async Task A_re_push_of_an_unchanged_image_takes_its_sha256_from_the_digest_cache_and_a_changed_one_is_hashed_again_even_with_size_and_mtime_put_back()
    {
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        using var dir = new TempDirectory();
        var image = dir.Combine("disk.raw");
        var bytes = new byte[3 << 20];
        new Random(5).NextBytes(bytes);
        File.WriteAllBytes(image, bytes);
        var env = new Dictionary<string, string>
        {
            ["XDG_CACHE_HOME"] = dir.Combine("cache"),
            ["IMAGEGATE_REGISTRY_USERNAME"] = registry.Username,
            ["IMAGEGATE_REGISTRY_PASSWORD"] = registry.Password,
        };
        string[] args = ["push", image, $"{registry.Host}/egi/disk", "--version", "1", "--json"];

        var first = await CliRunner.RunAsync(args, env, time: new MinuteAhead());
        var uploads = BlobWrites(registry);
        var second = await CliRunner.RunAsync(args, env, time: new MinuteAhead());

        Assert.True(first.ExitCode == 0, first.StandardError);
        Assert.True(second.ExitCode == 0, second.StandardError);
        Assert.DoesNotContain("digest cache", first.StandardError, StringComparison.Ordinal);
        Assert.Contains("from the digest cache", second.StandardError, StringComparison.Ordinal);
        Assert.Equal(first.StandardOutput, second.StandardOutput);
        Assert.Equal(uploads, BlobWrites(registry));
        Assert.True(File.Exists(dir.Combine("cache/imagegate/sha256-cache.json")));

        // Other bytes, same size, and the exact mtime put back: the kernel's new ctime still tells the change.
        var times = dir.Combine("times");
        File.WriteAllText(times, "");
        Assert.Equal(0, ExternalProcess.Run("touch", ["-r", image, times]).ExitCode);
        await Task.Delay(20, TestContext.Current.CancellationToken);
        bytes[1 << 20] ^= 0xff;
        using (var stream = new FileStream(image, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 1 << 20;
            stream.WriteByte(bytes[1 << 20]);
        }
        Assert.Equal(0, ExternalProcess.Run("touch", ["-r", times, image]).ExitCode);
        Assert.Equal(File.GetLastWriteTimeUtc(times), File.GetLastWriteTimeUtc(image));
        var third = await CliRunner.RunAsync(args, env, time: new MinuteAhead());

        Assert.True(third.ExitCode == 0, third.StandardError);
        Assert.DoesNotContain("digest cache", third.StandardError, StringComparison.Ordinal);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.Equal($"sha256:{sha}", (string)JsonNode.Parse(third.StandardOutput)!["layerDigest"]!);
        Assert.Equal($"1-{sha[..12]}", (string)JsonNode.Parse(third.StandardOutput)!["tags"]![0]!);
        Assert.True(BlobWrites(registry) > uploads, "the changed image's bytes were not uploaded");
    }

    [Fact]
    public async Task Push_with_no_digest_cache_hashes_the_image_and_writes_no_cache()
    {
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        using var dir = new TempDirectory();
        var image = dir.Combine("disk.raw");
        File.WriteAllBytes(image, new byte[1 << 20]);
        var env = new Dictionary<string, string>
        {
            ["XDG_CACHE_HOME"] = dir.Combine("cache"),
            ["IMAGEGATE_REGISTRY_USERNAME"] = registry.Username,
            ["IMAGEGATE_REGISTRY_PASSWORD"] = registry.Password,
        };

        var r = await CliRunner.RunAsync(["push", image, $"{registry.Host}/egi/disk", "--version", "1", "--no-digest-cache"], env, time: new MinuteAhead());

        Assert.True(r.ExitCode == 0, r.StandardError);
        Assert.False(Directory.Exists(dir.Combine("cache")));
    }

    private static int BlobWrites(LocalRegistry registry) =>
        registry.Requests("PATCH").Count + registry.Requests("PUT").Count(l => l.Contains("/blobs/uploads/", StringComparison.Ordinal));
}
