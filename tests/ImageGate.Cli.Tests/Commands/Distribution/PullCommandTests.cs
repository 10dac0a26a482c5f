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

    /// <summary>The <c>fsync</c>/<c>fdatasync</c> calls of the real <c>imagegate</c> process (the apphost beside the tests)
    /// running <paramref name="args"/>, each with the path of the file it flushed (strace -y).</summary>
    private static (ProcessResult Result, List<string> Flushes) RunTraced(TempDirectory dir, string name, string[] args, Dictionary<string, string> env)
    {
        ExternalProcess.Require("strace");
        var tool = Path.Combine(AppContext.BaseDirectory, "imagegate");
        Assert.True(File.Exists(tool), $"{tool} is missing: the Cli's apphost is copied beside the tests");
        var log = dir.Combine(name + ".strace");
        var r = ExternalProcess.Run("strace", ["-f", "-y", "-qq", "-e", "trace=fsync,fdatasync", "-o", log, tool, .. args], dir.Path, env, TimeSpan.FromMinutes(2));
        return (r, [.. File.ReadAllLines(log).Where(l => l.Contains("fsync(", StringComparison.Ordinal) || l.Contains("fdatasync(", StringComparison.Ordinal))]);
    }

    [Fact]
    public async Task Pull_leaves_the_file_to_the_kernels_write_back_like_curl_and_pull_durable_flushes_it_to_disk_before_it_appears()
    {
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        using var dir = new TempDirectory();
        var image = RegistryTestImages.EmptyQcow2(dir, "img.qcow2", 4);
        var creds = new Dictionary<string, string> { ["IMAGEGATE_REGISTRY_USERNAME"] = registry.Username, ["IMAGEGATE_REGISTRY_PASSWORD"] = registry.Password };
        var push = await CliRunner.RunAsync(["push", image, $"{registry.Host}/vo/img:v1-x"], creds);
        Assert.True(push.ExitCode == 0, push.StandardError);
        var env = new Dictionary<string, string>(creds) { ["HOME"] = dir.Path, ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };

        var (plain, plainFlushes) = RunTraced(dir, "plain", ["pull", $"{registry.Host}/vo/img:v1-x", "--output", dir.Combine("plain.qcow2")], env);
        var (durable, durableFlushes) = RunTraced(dir, "durable", ["pull", $"{registry.Host}/vo/img:v1-x", "--output", dir.Combine("durable.qcow2"), "--durable"], env);

        Assert.True(plain.ExitCode == 0, plain.StandardError);
        Assert.True(durable.ExitCode == 0, durable.StandardError);
        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(dir.Combine("plain.qcow2")));
        Assert.Equal(File.ReadAllBytes(image), File.ReadAllBytes(dir.Combine("durable.qcow2")));
        Assert.DoesNotContain(plainFlushes, l => l.Contains("plain.qcow2", StringComparison.Ordinal));
        // The part file (.durable.qcow2.GUID.part) is flushed before it is renamed to durable.qcow2.
        Assert.Contains(durableFlushes, l => l.Contains("/.durable.qcow2.", StringComparison.Ordinal) && l.Contains(".part>", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.part"));
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
