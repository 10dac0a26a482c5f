using System.Text.Json.Nodes;
using ImageGate.Testing.Sites;
using ImageGate.Testing;
using ImageGate.Testing.Registries;

namespace ImageGate.Cli.Tests.Commands.Site;

/// <summary><c>site check</c> of an image in an OCI registry (issue 16 item 6), against a real registry in token mode.</summary>
public sealed class RegistryImageCheckTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LocalRegistry _registry = LocalRegistry.Start(RegistryAuthMode.Token);
    private readonly ListSigner _signer = new();

    private Dictionary<string, string> Credentials => new() { ["IMAGEGATE_REGISTRY_USERNAME"] = _registry.Username, ["IMAGEGATE_REGISTRY_PASSWORD"] = _registry.Password };

    /// <summary>Pushes a fresh qcow2 of <paramref name="megabytes"/> to REPO:TAG; returns its bytes and digest reference.</summary>
    private async Task<(TestImage Image, string Reference)> PushAsync(string name, string tag, int megabytes)
    {
        ExternalProcess.Require("qemu-img");
        var file = _temp.Combine($"{name}.qcow2");
        Assert.Equal(0, ExternalProcess.Run("qemu-img", ["create", "-q", "-f", "qcow2", file, $"{megabytes}M"]).ExitCode);
        var push = await CliRunner.RunAsync(["push", file, $"{_registry.Host}/vo/{name}:{tag}", "--json"], Credentials);
        Assert.True(push.ExitCode == 0, push.StandardError);
        return (new TestImage(name, "1", File.ReadAllBytes(file)), (string)JsonNode.Parse(push.StandardOutput)!["reference"]!);
    }

    private string WriteList(params TestImage[] images)
    {
        var now = DateTimeOffset.UtcNow;
        return _signer.WriteSigned(_temp.Path, ListSigner.Compose(1, now.AddMinutes(-1), now.AddDays(1), images.Select(i => i.Entry("https://images.example.org"))));
    }

    private Task<CliResult> CheckAsync(string image, string list, params string[] extra) =>
        CliRunner.RunAsync(["site", "check", image, "--list", list, "--key", _signer.WritePublicKey(_temp.Path), "--insecure-ignore-tlog", .. extra], Credentials, _temp.Path);

    [Fact]
    public async Task Site_check_pulls_an_oci_digest_or_tag_reference_and_finds_the_endorsed_image()
    {
        var (image, reference) = await PushAsync("debian12", "12", 3);
        var list = WriteList(image);

        var byDigest = await CheckAsync(reference, list, "--json");
        var byTag = await CheckAsync($"{_registry.Host}/vo/debian12:12", list);

        Assert.True(byDigest.ExitCode == 0, byDigest.StandardError);
        var json = JsonNode.Parse(byDigest.StandardOutput)!;
        Assert.Equal(reference, (string)json["image"]!);
        Assert.Equal("debian12", (string)json["name"]!);
        Assert.True(byTag.ExitCode == 0, byTag.StandardError);
        Assert.Contains($"endorsed: {reference} is debian12@1", byTag.StandardOutput);
        Assert.DoesNotContain(_registry.Password, byDigest.StandardOutput + byDigest.StandardError + byTag.StandardOutput + byTag.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Site_check_of_an_oci_reference_the_list_does_not_endorse_exits_1_naming_the_reference()
    {
        var (endorsed, _) = await PushAsync("debian12", "12", 3);
        var (_, other) = await PushAsync("alma9", "9-abc", 4);

        var r = await CheckAsync(other, WriteList(endorsed));

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("not-endorsed", r.StandardError);
        Assert.Contains(other, r.StandardError);
    }

    [Fact]
    public async Task Site_check_of_a_missing_tag_is_bad_input_naming_the_registry()
    {
        var (endorsed, _) = await PushAsync("debian12", "12", 3);

        var r = await CheckAsync($"{_registry.Host}/vo/debian12:13", WriteList(endorsed));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(_registry.Host, r.StandardError);
        Assert.Contains("debian12:13", r.StandardError);
        Assert.DoesNotContain("   at ", r.StandardError);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _signer.Dispose();
        _registry.Dispose();
        _temp.Dispose();
    }
}
