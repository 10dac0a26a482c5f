using System.Text.Json.Nodes;
using ImageGate.Lists;
using ImageGate.Lists.Reading;
using ImageGate.Testing.Sites;
using ImageGate.Testing;
using ImageGate.Testing.Registries;

namespace ImageGate.Cli.Tests.Commands.Site;

/// <summary><c>site sync</c> of images the list gives only an <c>oci</c> location for (issue 16 item 6), against a real registry.</summary>
public sealed class OciSyncTests
{
    [Fact]
    public async Task Site_sync_pulls_an_oci_only_image_from_the_registry_into_the_cache()
    {
        using var temp = new TempDirectory();
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        using var signer = new ListSigner();
        var credentials = Credentials(registry);
        var (image, reference) = await PushDebianAsync(temp, registry, credentials);
        var entry = image.Entry("http://127.0.0.1:1") with { Uri = null };
        entry = entry with { Oci = new OciLocation(reference, $"sha256:{image.Sha256}") };
        var now = DateTimeOffset.UtcNow;
        var list = signer.WriteSigned(temp.Path, ListSigner.Compose(1, now.AddMinutes(-1), now.AddDays(1), [entry]));
        var cache = temp.Combine("cache");

        var r = await CliRunner.RunAsync(["site", "sync", "--list", list, "--key", signer.WritePublicKey(temp.Path), "--insecure-ignore-tlog", "--cache", cache], credentials);

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        Assert.Equal(image.Bytes, File.ReadAllBytes(Path.Combine(cache, Available(entry))));
        Assert.Empty(Directory.GetFiles(cache, "*.part", SearchOption.AllDirectories));
        Assert.DoesNotContain(registry.Password, r.StandardOutput + r.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oci_image_whose_sha512_is_not_the_listed_one_fails_the_gate_like_a_download_and_is_not_installed()
    {
        using var temp = new TempDirectory();
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        using var signer = new ListSigner();
        var credentials = Credentials(registry);
        var (image, reference) = await PushDebianAsync(temp, registry, credentials);
        // The layer (sha256, size) is the listed one; the list's sha512 is not the image's.
        var entry = image.Entry("http://127.0.0.1:1") with { Uri = null, Oci = new OciLocation(reference, $"sha256:{image.Sha256}"), Sha512 = new string('0', 128) };
        var now = DateTimeOffset.UtcNow;
        var list = signer.WriteSigned(temp.Path, ListSigner.Compose(1, now.AddMinutes(-1), now.AddDays(1), [entry]));
        var cache = temp.Combine("cache");

        var r = await CliRunner.RunAsync(["site", "sync", "--list", list, "--key", signer.WritePublicKey(temp.Path), "--insecure-ignore-tlog", "--cache", cache], credentials);

        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.StandardOutput}{r.StandardError}");
        Assert.Contains("[image-digest-mismatch]", r.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(cache, Available(entry))));
        Assert.Empty(Directory.GetFiles(cache, "*.part", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Site_sync_installs_an_oci_image_only_when_its_attached_bundle_verifies_against_the_image_signer()
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

        var signerKey = signer.WritePublicKey(temp.Path);

        var r = await CliRunner.RunAsync(["site", "sync", "--list", list, "--key", signerKey, "--insecure-ignore-tlog",
            "--image-key", signerKey, "--image-insecure-ignore-tlog", "--cache", cache, "--json"], credentials);

        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.StandardOutput}{r.StandardError}");
        Assert.Equal(images["good"].Bytes, File.ReadAllBytes(Path.Combine(cache, Available(entries[0]))));
        Assert.False(File.Exists(Path.Combine(cache, Available(entries[1]))));
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

    [Fact]
    public async Task Site_sync_verifies_an_attached_bundle_against_the_image_signer_not_the_list_signer()
    {
        using var world = await OciWorld.CreateAsync();

        var r = await world.SyncAsync("--image-key", world.ImageKey, "--image-insecure-ignore-tlog");

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StandardOutput}{r.StandardError}");
        Assert.Equal(world.Image.Bytes, File.ReadAllBytes(world.Installed));
        var json = JsonNode.Parse(r.StandardOutput)!;
        Assert.Empty(json["failures"]!.AsArray());
        var available = Assert.Single(json["events"]!.AsArray(), e => (string)e!["event"]! == "available");
        Assert.Equal("verified", (string)available!["bundle"]!);
        Assert.Contains("verifies against the image signer", r.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Registry.Password, r.StandardOutput + r.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Site_sync_refuses_an_image_whose_attached_bundle_does_not_verify_against_the_given_image_signer()
    {
        using var world = await OciWorld.CreateAsync();

        var r = await world.SyncAsync("--image-key", world.ListKey, "--image-insecure-ignore-tlog");

        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.StandardOutput}{r.StandardError}");
        Assert.False(File.Exists(world.Installed));
        Assert.Empty(Directory.GetFiles(Path.Combine(world.Cache, "images")));
        Assert.Empty(Directory.GetFiles(world.Cache, "*.part", SearchOption.AllDirectories));
        var json = JsonNode.Parse(r.StandardOutput)!;
        var failure = Assert.Single(json["failures"]!.AsArray());
        Assert.Equal("debian12@1", (string)failure!["image"]!);
        Assert.Equal("image-signature-invalid", (string)failure["reason"]!);
        Assert.Contains("not installed", (string)failure["message"]!);
        Assert.DoesNotContain(json["events"]!.AsArray(), e => (string)e!["event"]! == "available");
    }

    [Fact]
    public async Task Site_sync_without_an_image_signer_installs_on_the_list_digests_and_says_the_bundle_was_not_checked()
    {
        using var world = await OciWorld.CreateAsync();

        var r = await world.SyncAsync();

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StandardOutput}{r.StandardError}");
        Assert.Equal(world.Image.Bytes, File.ReadAllBytes(world.Installed));
        Assert.Empty(Directory.GetFiles(world.Cache, "*.part", SearchOption.AllDirectories));
        var json = JsonNode.Parse(r.StandardOutput)!;
        var available = Assert.Single(json["events"]!.AsArray(), e => (string)e!["event"]! == "available");
        Assert.Equal("not-checked", (string)available!["bundle"]!);
        var said = r.StandardError.Split('\n').Where(l => l.Contains("were not checked", StringComparison.Ordinal)).ToList();
        Assert.Single(said);
        Assert.Contains("debian12@1", said[0], StringComparison.Ordinal);

        var text = await world.SyncAsync(json: false, world.Combine("cache-text"));
        Assert.True(text.ExitCode == 0, text.StandardOutput + text.StandardError);
        Assert.Contains("(bundle not-checked)", text.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Site_sync_applies_the_workflow_repository_rule_to_the_image_signer_and_names_its_options()
    {
        using var world = await OciWorld.CreateAsync();

        var r = await world.SyncAsync("--image-certificate-identity", "https://github.com/org/build/.github/workflows/build.yml@refs/heads/main",
            "--image-certificate-oidc-issuer", "https://token.actions.githubusercontent.com");

        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.StandardOutput}{r.StandardError}");
        Assert.Contains("--image-certificate-github-workflow-repository", r.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(world.Cache));
    }

    [Fact]
    public async Task Site_sync_with_two_trusted_image_signers_installs_images_signed_by_either_refuses_a_third_and_names_each_signer()
    {
        using var world = await SignersWorld.CreateAsync("vo-a", "vo-b", "stranger");
        var signers = world.WriteSignersFile(
            new JsonObject { ["name"] = "vo-a", ["key"] = Path.GetFileName(world.Keys["vo-a"]), ["insecureIgnoreTlog"] = true },
            new JsonObject { ["name"] = "vo-b", ["key"] = Path.GetFileName(world.Keys["vo-b"]), ["insecureIgnoreTlog"] = true });

        var r = await world.SyncAsync(true, world.Cache, "--image-signers", signers);

        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.StandardOutput}{r.StandardError}");
        var json = JsonNode.Parse(r.StandardOutput)!;
        var available = json["events"]!.AsArray().Where(e => (string)e!["event"]! == "available").ToDictionary(e => (string)e!["image"]!, e => e!);
        Assert.Equal(["vo-a@1", "vo-b@1"], available.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("verified", (string)available["vo-a@1"]["bundle"]!);
        Assert.Equal("vo-a", (string)available["vo-a@1"]["signer"]!);
        Assert.Equal("verified", (string)available["vo-b@1"]["bundle"]!);
        Assert.Equal("vo-b", (string)available["vo-b@1"]["signer"]!);
        Assert.Equal(world.Images["vo-a"].Bytes, File.ReadAllBytes(world.Installed("vo-a")));
        Assert.Equal(world.Images["vo-b"].Bytes, File.ReadAllBytes(world.Installed("vo-b")));
        var failure = Assert.Single(json["failures"]!.AsArray());
        Assert.Equal("stranger@1", (string)failure!["image"]!);
        Assert.Equal("image-signature-invalid", (string)failure["reason"]!);
        Assert.Contains("none of the 2 trusted image signers", (string)failure["message"]!);
        Assert.Contains("vo-a: ", (string)failure["message"]!);
        Assert.Contains("vo-b: ", (string)failure["message"]!);
        Assert.False(File.Exists(world.Installed("stranger")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(world.Cache, "images")).Length);
        Assert.Empty(Directory.GetFiles(world.Cache, "*.part", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Site_sync_tries_the_image_key_option_with_the_signers_file_and_the_text_output_names_the_signer()
    {
        using var world = await SignersWorld.CreateAsync("vo-a", "vo-b");
        var signers = world.WriteSignersFile(new JsonObject { ["name"] = "vo-b", ["key"] = world.Keys["vo-b"], ["insecureIgnoreTlog"] = true });

        var r = await world.SyncAsync(false, world.Cache, "--image-key", world.Keys["vo-a"], "--image-insecure-ignore-tlog", "--image-signers", signers);

        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StandardOutput}{r.StandardError}");
        var lines = r.StandardOutput.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("available vo-a@1", StringComparison.Ordinal) && l.EndsWith($"(bundle verified, signer key {world.Keys["vo-a"]})", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("available vo-b@1", StringComparison.Ordinal) && l.EndsWith("(bundle verified, signer vo-b)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"signers": []}""", "lists no signer")]
    [InlineData("""{"signers": [{"name": "vo-a", "key": "missing.pub"}]}""", "signers[0] (vo-a): public key file not found")]
    [InlineData("""{"signers": [{"name": "vo-a", "certificateIdentity": "https://github.com/vo/images/.github/workflows/build.yml@refs/heads/main", "certificateOidcIssuer": "https://token.actions.githubusercontent.com"}]}""", "signers[0] (vo-a): a GitHub Actions identity needs --certificate-github-workflow-repository")]
    [InlineData("""{"signers": [{"name": "a b", "key": "k.pub"}]}""", "signers[0]: \"name\" must be 1 to 64")]
    [InlineData("""{"signers": [{"name": "vo-a", "keys": "k.pub"}]}""", "signers[0]: unknown field \"keys\"")]
    [InlineData("""{"signers": [{"name": "vo-a", "certificateIdentity": "a@example.org", "certificateOidcIssuer": "https://issuer.example"}, {"name": "vo-a", "certificateIdentity": "b@example.org", "certificateOidcIssuer": "https://issuer.example"}]}""", "signers[1] (vo-a): the name is used twice")]
    [InlineData("not json", "is not JSON")]
    public async Task A_bad_trusted_signers_file_is_bad_input_naming_the_file_and_the_entry_and_nothing_is_synced(string content, string message)
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("signers.json");
        File.WriteAllText(file, content);
        using var signer = new ListSigner();
        var now = DateTimeOffset.UtcNow;
        var list = signer.WriteSigned(temp.Path, ListSigner.Compose(1, now.AddMinutes(-1), now.AddDays(1), []));
        var cache = temp.Combine("cache");

        var r = await CliRunner.RunAsync(["site", "sync", "--list", list, "--key", signer.WritePublicKey(temp.Path), "--insecure-ignore-tlog", "--cache", cache, "--image-signers", file]);

        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.StandardOutput}{r.StandardError}");
        Assert.Contains(message, r.StandardError, StringComparison.Ordinal);
        Assert.Contains(message.StartsWith("signers[0] (vo-a): public key", StringComparison.Ordinal) ? temp.Combine("missing.pub") : file, r.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cache));
    }

    [Fact]
    public async Task Site_sync_flushes_an_image_from_the_registry_to_disk_before_it_enters_the_cache_unlike_a_plain_pull()
    {
        using var world = await OciWorld.CreateAsync();
        ExternalProcess.Require("strace");
        var tool = Path.Combine(AppContext.BaseDirectory, "imagegate");
        Assert.True(File.Exists(tool), $"{tool} is missing: the Cli's apphost is copied beside the tests");
        var log = world.Combine("sync.strace");
        var env = new Dictionary<string, string>(world.Credentials) { ["HOME"] = world.Combine("home"), ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };

        var r = ExternalProcess.Run("strace", ["-f", "-y", "-qq", "-e", "trace=fsync,fdatasync", "-o", log, tool,
            "site", "sync", "--list", world.List, "--key", world.ListKey, "--insecure-ignore-tlog", "--cache", world.Cache], world.Combine(""), env, TimeSpan.FromMinutes(2));

        var pullLog = world.Combine("pull.strace");
        var pull = ExternalProcess.Run("strace", ["-f", "-y", "-qq", "-e", "trace=fsync,fdatasync", "-o", pullLog, tool,
            "pull", world.Entry.Oci!.Reference, "--output", world.Combine("pulled.qcow2")], world.Combine(""), env, TimeSpan.FromMinutes(2));

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        Assert.Equal(world.Image.Bytes, File.ReadAllBytes(world.Installed));
        // The download's part file in the cache's .partial/ folder is flushed before it is renamed and moved into images/.
        Assert.Contains(File.ReadAllLines(log), l => l.Contains("fsync(", StringComparison.Ordinal) && l.Contains("/.partial/", StringComparison.Ordinal));
        // The same image pulled as a one-file fetch is left to the kernel's write-back, as curl leaves it.
        Assert.True(pull.ExitCode == 0, pull.StandardError);
        Assert.Equal(world.Image.Bytes, File.ReadAllBytes(world.Combine("pulled.qcow2")));
        Assert.DoesNotContain(File.ReadAllLines(pullLog), l => l.Contains("pulled.qcow2", StringComparison.Ordinal));
    }

    /// <summary>A registry holding one image whose attached bundle is signed by key B, listed in a list signed by key A.</summary>
    private static Dictionary<string, string> Credentials(LocalRegistry registry) =>
        new() { ["IMAGEGATE_REGISTRY_USERNAME"] = registry.Username, ["IMAGEGATE_REGISTRY_PASSWORD"] = registry.Password };

    /// <summary>Pushes a small qcow2 as <c>vo/debian12:1-test</c>; returns it and the digest reference push printed.</summary>
    private static async Task<(TestImage Image, string Reference)> PushDebianAsync(TempDirectory temp, LocalRegistry registry, Dictionary<string, string> credentials)
    {
        ExternalProcess.Require("qemu-img");
        var file = temp.Combine("debian12.qcow2");
        Assert.Equal(0, ExternalProcess.Run("qemu-img", ["create", "-q", "-f", "qcow2", file, "3M"]).ExitCode);
        var push = await CliRunner.RunAsync(["push", file, $"{registry.Host}/vo/debian12:1-test", "--json"], credentials);
        Assert.True(push.ExitCode == 0, push.StandardError);
        return (new TestImage("debian12", "1", File.ReadAllBytes(file)), (string)JsonNode.Parse(push.StandardOutput)!["reference"]!);
    }

    /// <summary>Where site sync installs an available image, relative to the cache: <c>images/NAME@VERSION.FORMAT</c>.</summary>
    private static string Available(SiteImage image) => Path.Combine("images", $"{image.Name}@{image.Version}.{image.Format}");

    private sealed class OciWorld : IDisposable
    {
        private readonly TempDirectory _temp = new();
        private readonly ListSigner _listSigner = new();
        private readonly ListSigner _imageSigner = new();

        private OciWorld() => Registry = LocalRegistry.Start(RegistryAuthMode.Basic);

        public LocalRegistry Registry { get; }
        public TestImage Image { get; private set; } = null!;
        public SiteImage Entry { get; private set; } = null!;
        public string List { get; private set; } = "";
        public string ListKey { get; private set; } = "";
        public string ImageKey { get; private set; } = "";
        public string Cache => _temp.Combine("cache");
        public string Installed => Path.Combine(Cache, Available(Entry));
        public Dictionary<string, string> Credentials => new() { ["IMAGEGATE_REGISTRY_USERNAME"] = Registry.Username, ["IMAGEGATE_REGISTRY_PASSWORD"] = Registry.Password };

        public string Combine(string name) => _temp.Combine(name);

        public static async Task<OciWorld> CreateAsync()
        {
            ExternalProcess.Require("qemu-img");
            var world = new OciWorld();
            var file = world._temp.Combine("debian12.qcow2");
            Assert.Equal(0, ExternalProcess.Run("qemu-img", ["create", "-q", "-f", "qcow2", file, "3M"]).ExitCode);
            var bytes = File.ReadAllBytes(file);
            var bundle = world._temp.Combine("debian12.sigstore.json");
            File.WriteAllText(bundle, world._imageSigner.Sign(bytes));
            var push = await CliRunner.RunAsync(["push", file, $"{world.Registry.Host}/vo/debian12:1-test", "--bundle", bundle, "--json"], world.Credentials);
            Assert.True(push.ExitCode == 0, push.StandardError);
            world.Image = new TestImage("debian12", "1", bytes);
            world.Entry = world.Image.Entry("http://127.0.0.1:1") with
            {
                Uri = null,
                Oci = new OciLocation((string)JsonNode.Parse(push.StandardOutput)!["reference"]!, $"sha256:{world.Image.Sha256}"),
            };
            var now = DateTimeOffset.UtcNow;
            world.List = world._listSigner.WriteSigned(world._temp.Path, ListSigner.Compose(1, now.AddMinutes(-1), now.AddDays(1), [world.Entry]));
            world.ListKey = world._listSigner.WritePublicKey(world._temp.Path);
            world.ImageKey = world._imageSigner.WritePublicKey(world._temp.Path);
            return world;
        }

        public Task<CliResult> SyncAsync(params string[] extra) => SyncAsync(true, Cache, extra);

        public Task<CliResult> SyncAsync(bool json, string cache, params string[] extra)
        {
            string[] args = ["site", "sync", "--list", List, "--key", ListKey, "--insecure-ignore-tlog", "--cache", cache, .. extra];
            return CliRunner.RunAsync(json ? [.. args, "--json"] : args, Credentials);
        }

        public void Dispose()
        {
            Registry.Dispose();
            _imageSigner.Dispose();
            _listSigner.Dispose();
            _temp.Dispose();
        }
    }
    /// <summary>A registry holding one image per named signer (vo-a/IMAGE, each image's attached bundle signed by that
    /// signer's own key), listed in one list signed by a separate list key.</summary>
    private sealed class SignersWorld : IDisposable
    {
        private readonly TempDirectory _temp = new();
        private readonly ListSigner _listSigner = new();
        private readonly Dictionary<string, ListSigner> _signers = [];
        private readonly List<SiteImage> _entries = [];

        private SignersWorld() => Registry = LocalRegistry.Start(RegistryAuthMode.Basic);

        public LocalRegistry Registry { get; }
        public Dictionary<string, TestImage> Images { get; } = [];
        public Dictionary<string, string> Keys { get; } = [];
        public string List { get; private set; } = "";
        public string ListKey { get; private set; } = "";
        public string Cache => _temp.Combine("cache");

        public string Installed(string name) => Path.Combine(Cache, Available(_entries.Single(e => e.Name == name)));

        public static async Task<SignersWorld> CreateAsync(params string[] names)
        {
            ExternalProcess.Require("qemu-img");
            var world = new SignersWorld();
            var size = 2;
            foreach (var name in names)
            {
                var signer = world._signers[name] = new ListSigner();
                var file = world._temp.Combine($"{name}.qcow2");
                Assert.Equal(0, ExternalProcess.Run("qemu-img", ["create", "-q", "-f", "qcow2", file, $"{size++}M"]).ExitCode);
                var bytes = File.ReadAllBytes(file);
                var bundle = world._temp.Combine($"{name}.sigstore.json");
                File.WriteAllText(bundle, signer.Sign(bytes));
                var push = await CliRunner.RunAsync(["push", file, $"{world.Registry.Host}/vo/{name}:1-test", "--bundle", bundle, "--json"], Credentials(world.Registry));
                Assert.True(push.ExitCode == 0, push.StandardError);
                var image = world.Images[name] = new TestImage(name, "1", bytes);
                world._entries.Add(image.Entry("http://127.0.0.1:1") with
                {
                    Uri = null,
                    Oci = new OciLocation((string)JsonNode.Parse(push.StandardOutput)!["reference"]!, $"sha256:{image.Sha256}"),
                });
                world.Keys[name] = signer.WritePublicKey(world._temp.Path);
            }
            var now = DateTimeOffset.UtcNow;
            world.List = world._listSigner.WriteSigned(world._temp.Path, ListSigner.Compose(1, now.AddMinutes(-1), now.AddDays(1), world._entries));
            world.ListKey = world._listSigner.WritePublicKey(world._temp.Path);
            return world;
        }

        public string WriteSignersFile(params JsonObject[] signers)
        {
            var path = _temp.Combine($"signers-{Guid.NewGuid():N}.json");
            File.WriteAllText(path, new JsonObject { ["signers"] = new JsonArray(signers) }.ToJsonString());
            return path;
        }

        public Task<CliResult> SyncAsync(bool json, string cache, params string[] extra)
        {
            string[] args = ["site", "sync", "--list", List, "--key", ListKey, "--insecure-ignore-tlog", "--cache", cache, .. extra];
            return CliRunner.RunAsync(json ? [.. args, "--json"] : args, Credentials(Registry));
        }

        public void Dispose()
        {
            Registry.Dispose();
            foreach (var s in _signers.Values) s.Dispose();
            _listSigner.Dispose();
            _temp.Dispose();
        }
    }
}
