using System.Text.Json.Nodes;
using ImageGate.Lists;
using ImageGate.Lists.Reading;
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

    [Fact]
    public async Task Site_sync_installs_an_oci_image_only_when_its_attached_bundle_verifies_against_the_site_signer()
    {
        ExternalProcess.Require("qemu-img");
        using var temp = new TempDirectory();
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        using var signer = new ListSigner();
        using var stranger = new ListSigner();
        var credentials = new Dictionary<string, string> { ["IMAGEGATE_REGISTRY_USERNAME"] = registry.Username, ["IMAGEGATE_REGISTRY_PASSWORD"] = registry.Password };
        var entries = new List<SiteImage>();
        var images = new Dictionary<string, TestImage>();
        foreach (var (name, bundleSigner) in new[] { ("good", signer), ("forged", stranger) })
        {
            var file = temp.Combine($"{name}.qcow2");
            Assert.Equal(0, ExternalProcess.Run("qemu-img", ["create", "-q", "-f", "qcow2", file, name == "good" ? "3M" : "5M"]).ExitCode);
            var bytes = File.ReadAllBytes(file);
            var bundle = temp.Combine($"{name}.sigstore.json");
            File.WriteAllText(bundle, bundleSigner.Sign(bytes));
            var push = await CliRunner.RunAsync(["push", file, $"{registry.Host}/vo/{name}:1-test", "--bundle", bundle, "--json"], credentials);
            Assert.True(push.ExitCode == 0, push.StandardError);
            var image = new TestImage(name, "1", bytes);
            images[name] = image;
            entries.Add(image.Entry("http://127.0.0.1:1") with { Uri = null, Oci = new OciLocation((string)JsonNode.Parse(push.StandardOutput)!["reference"]!, $"sha256:{image.Sha256}") });
        }
        var now = DateTimeOffset.UtcNow;
        var list = signer.WriteSigned(temp.Path, ListSigner.Compose(1, now.AddMinutes(-1), now.AddDays(1), entries));
        var cache = temp.Combine("cache");

        var r = await CliRunner.RunAsync(["site", "sync", "--list", list, "--key", signer.WritePublicKey(temp.Path), "--insecure-ignore-tlog", "--cache", cache, "--json"], credentials);

        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.StandardOutput}{r.StandardError}");
        Assert.Equal(images["good"].Bytes, File.ReadAllBytes(Path.Combine(cache, ImageGate.Site.Sync.CacheFileName.Available(entries[0]))));
        Assert.False(File.Exists(Path.Combine(cache, ImageGate.Site.Sync.CacheFileName.Available(entries[1]))));
        Assert.Single(Directory.GetFiles(Path.Combine(cache, "images")));
        Assert.Empty(Directory.GetFiles(cache, "*.part", SearchOption.AllDirectories));
        var json = JsonNode.Parse(r.StandardOutput)!;
        var failure = Assert.Single(json["failures"]!.AsArray());
        Assert.Equal("forged@1", (string)failure!["image"]!);
        Assert.Equal("image-signature-invalid", (string)failure["reason"]!);
        Assert.Contains("not installed", (string)failure["message"]!);
        Assert.DoesNotContain(json["images"]!.AsArray(), i => (string)i!["name"]! == "forged" && (string)i["status"]! == "available");
        Assert.DoesNotContain(registry.Password, r.StandardOutput + r.StandardError, StringComparison.Ordinal);
    }
}
