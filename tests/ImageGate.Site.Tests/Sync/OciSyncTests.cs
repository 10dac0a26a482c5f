using System.Text.Json.Nodes;
using ImageGate.Lists;
using ImageGate.Site.Tests.Support;
using ImageGate.Testing;
using ImageGate.Testing.Registries;

namespace ImageGate.Site.Tests.Sync;

/// <summary><c>site sync</c> of images the list gives only an <c>oci</c> location for (issue 16 item 6), against a real registry.</summary>
public sealed class OciSyncTests
{
    [Fact]
    public async Task Site_sync_pulls_an_oci_only_image_from_the_registry_into_the_cache()
    {
        ExternalProcess.Require("qemu-img");
        using var temp = new TempDirectory();
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        using var signer = new ListSigner();
        var file = temp.Combine("debian12.qcow2");
        Assert.Equal(0, ExternalProcess.Run("qemu-img", ["create", "-q", "-f", "qcow2", file, "3M"]).ExitCode);
        var credentials = new Dictionary<string, string> { ["IMAGEGATE_REGISTRY_USERNAME"] = registry.Username, ["IMAGEGATE_REGISTRY_PASSWORD"] = registry.Password };
        var push = await CliRunner.RunAsync(["push", file, $"{registry.Host}/vo/debian12:1-test", "--json"], credentials);
        Assert.True(push.ExitCode == 0, push.StandardError);
        var reference = (string)JsonNode.Parse(push.StandardOutput)!["reference"]!;
        var image = new TestImage("debian12", "1", File.ReadAllBytes(file));
        var entry = image.Entry("http://127.0.0.1:1") with { Uri = null };
        entry = entry with { Oci = new OciLocation(reference, $"sha256:{image.Sha256}") };
        var now = DateTimeOffset.UtcNow;
        var list = signer.WriteSigned(temp.Path, ListSigner.Compose(1, now.AddMinutes(-1), now.AddDays(1), [entry]));
        var cache = temp.Combine("cache");

        var r = await CliRunner.RunAsync(["site", "sync", "--list", list, "--key", signer.WritePublicKey(temp.Path), "--insecure-ignore-tlog", "--cache", cache], credentials);

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        Assert.Equal(image.Bytes, File.ReadAllBytes(Path.Combine(cache, ImageGate.Site.Sync.CacheFileName.Available(entry))));
        Assert.Empty(Directory.GetFiles(cache, "*.part", SearchOption.AllDirectories));
        Assert.DoesNotContain(registry.Password, r.StandardOutput + r.StandardError, StringComparison.Ordinal);
    }
}
