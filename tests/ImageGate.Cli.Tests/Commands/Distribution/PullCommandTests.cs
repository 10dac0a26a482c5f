using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ImageGate.Testing;
using ImageGate.Testing.Registries;

namespace ImageGate.Cli.Tests.Commands.Distribution;

public sealed class PullCommandTests
{
    [Fact]
    public async Task Pull_fetches_the_image_push_wrote_byte_for_byte_in_token_mode()
    {
        using var registry = LocalRegistry.Start(RegistryAuthMode.Token);
        using var dir = new TempDirectory();
        var image = RegistryTestImages.EmptyQcow2(dir, "img.qcow2", 4);
        var creds = new Dictionary<string, string> { ["IMAGEGATE_REGISTRY_USERNAME"] = registry.Username, ["IMAGEGATE_REGISTRY_PASSWORD"] = registry.Password };
        var push = await CliRunner.RunAsync(["push", image, $"{registry.Host}/vo/img:v1-x", "--json"], creds);
        Assert.True(push.ExitCode == 0, push.StandardError);

        var pull = await CliRunner.RunAsync(["pull", $"{registry.Host}/vo/img:v1-x", "--output", dir.Combine("out.qcow2"), "--json"], creds);

        Assert.True(pull.ExitCode == 0, pull.StandardError);
        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(dir.Combine("out.qcow2")));
        Assert.Equal((string)JsonNode.Parse(push.StandardOutput)!["reference"]!, (string)JsonNode.Parse(pull.StandardOutput)!["reference"]!);
        Assert.DoesNotContain(registry.Password, push.StandardError + pull.StandardOutput + pull.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_reads_an_artifact_that_skopeo_pushed()
    {
        using var registry = LocalRegistry.Start();
        using var dir = new TempDirectory();
        var layer = RandomNumberGenerator.GetBytes(300_000);
        var layout = RegistryTestImages.OciLayout(dir, layer, "v1");
        ExternalProcess.Require("skopeo");
        var copy = ExternalProcess.Run("skopeo", ["copy", "--dest-tls-verify=false", $"oci:{layout}:v1", $"docker://{registry.Host}/other/img:v1"]);
        Assert.True(copy.ExitCode == 0, copy.StandardError);

        var pull = await CliRunner.RunAsync(["pull", $"{registry.Host}/other/img:v1", "-o", dir.Combine("pulled")]);

        Assert.True(pull.ExitCode == 0, pull.StandardError);
        Assert.Equal(layer, File.ReadAllBytes(dir.Combine("pulled")));
    }

    [Fact]
    public async Task Pull_of_a_missing_repository_exits_2_naming_the_reference_and_writes_nothing()
    {
        using var registry = LocalRegistry.Start();
        using var dir = new TempDirectory();

        var pull = await CliRunner.RunAsync(["pull", $"{registry.Host}/nobody/here:v1", "-o", dir.Combine("out")]);

        Assert.Equal(2, pull.ExitCode);
        Assert.Contains($"{registry.Host}/nobody/here:v1", pull.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
