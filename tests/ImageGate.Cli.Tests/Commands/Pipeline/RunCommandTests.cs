using System.Text;
using System.Text.Json.Nodes;
using ImageGate.Distribution.Client;
using ImageGate.Testing;
using ImageGate.Testing.Registries;

namespace ImageGate.Cli.Tests.Commands.Pipeline;

public sealed class RunCommandTests
{
    [Fact]
    public async Task Run_with_a_list_repository_but_no_download_location_exits_2_before_building()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("out");

        var r = await CliRunner.RunAsync(["run", temp.Combine("image.pkr.hcl"), "--signing", "key", "--key", temp.Combine("endorser.key"),
            "--list-repo", temp.Combine("list.git"), "--output-dir", output]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("needs a download location: give --uri", r.StandardError);
        Assert.False(File.Exists(Path.Combine(output, "build.json")));
        Assert.False(Directory.Exists(Path.Combine(output, "build")));
    }

    /// <summary>A Packer template whose build "makes" the Debian 12 test image by copying it (fast and real: Packer,
    /// shell-local, artifice), so the scan passes and the image can be signed, pushed and endorsed.</summary>
    internal static string CopyTemplate(TempDirectory temp)
    {
        var path = temp.Combine("copy.pkr.hcl");
        File.WriteAllText(path, """
            variable "source_image" {
              type = string
            }

            variable "output" {
              type = string
            }

            source "null" "copy" {
              communicator = "none"
            }

            build {
              sources = ["source.null.copy"]

              provisioner "shell-local" {
                environment_vars = ["SRC=${var.source_image}", "OUT=${var.output}"]
                inline           = ["set -eu", "mkdir -p \"$OUT\"", "cp \"$SRC\" \"$OUT/debian12.qcow2\""]
              }

              post-processor "artifice" {
                files = ["${var.output}/debian12.qcow2"]
              }
            }
            """);
        return path;
    }

    internal static readonly Dictionary<string, string> GitEnv = new()
    {
        ["GIT_AUTHOR_NAME"] = "ImageGate test",
        ["GIT_AUTHOR_EMAIL"] = "test@example.org",
        ["GIT_COMMITTER_NAME"] = "ImageGate test",
        ["GIT_COMMITTER_EMAIL"] = "test@example.org",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["CHECKPOINT_DISABLE"] = "1",
    };

    private static string Git(string dir, params string[] args)
    {
        var r = ExternalProcess.Run("git", ["-C", dir, .. args], environment: GitEnv);
        Assert.True(r.ExitCode == 0, $"git {string.Join(' ', args)}: {r.StandardError}");
        return r.StandardOutput;
    }

    /// <summary>A bare list repository with a first commit on main.</summary>
    internal static string ListRepository(TempDirectory temp)
    {
        var bare = Directory.CreateDirectory(temp.Combine("list.git")).FullName;
        Git(bare, "init", "-q", "--bare", "-b", "main");
        var seed = Directory.CreateDirectory(temp.Combine("seed")).FullName;
        Git(seed, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(seed, "README.md"), "# Endorsed images\n");
        Git(seed, "add", "README.md");
        Git(seed, "commit", "-q", "-m", "Start the endorsed list");
        Git(seed, "push", "-q", bare, "main");
        return bare;
    }

    [Fact]
    public async Task Run_with_a_registry_pushes_the_signed_image_with_only_a_hyphenated_tag_before_endorsing_and_records_its_oci_location()
    {
        foreach (var tool in new[] { "packer", "git", "skopeo" }) ExternalProcess.Require(tool);
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        using var temp = new TempDirectory();
        var keys = await CliRunner.RunAsync(["generate-key-pair", "--output-key-prefix", temp.Combine("endorser")]);
        Assert.True(keys.ExitCode == 0, keys.StandardError);
        var list = ListRepository(temp);
        var output = temp.Combine("out");
        var image = Fixtures.Path("gpt-compressed.qcow2");
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(image)));

        var r = await CliRunner.RunAsync(["run", CopyTemplate(temp), "--var", $"source_image={image}", "--var", $"output={temp.Combine("packer-out")}",
                "--no-patch-check", "--image-name", "debian12", "--image-version", "1.0.0", "--signing", "key", "--key", temp.Combine("endorser.key"),
                "--list-repo", list, "--registry", $"{registry.Host}/egi", "--registry-username", registry.Username, "--registry-password-stdin",
                "--output-dir", output],
            GitEnv, temp.Path, standardInput: Encoding.UTF8.GetBytes(registry.Password + "\n"));

        Assert.True(r.ExitCode == 0, r.StandardOutput + r.StandardError);
        Assert.DoesNotContain(registry.Password, r.StandardOutput + r.StandardError, StringComparison.Ordinal);
        // the push came after signing and before endorsing
        var err = r.StandardError;
        Assert.True(err.IndexOf("== imagegate sign", StringComparison.Ordinal) < err.IndexOf("== imagegate push", StringComparison.Ordinal)
            && err.IndexOf("== imagegate push", StringComparison.Ordinal) < err.IndexOf("== imagegate endorse", StringComparison.Ordinal), err);

        // run.json says where the image went: NAMESPACE/NAME, a digest reference, the pre-endorsement tag only
        var run = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "run.json")))!;
        Assert.Equal("done", (string)run["stage"]!);
        var reference = (string)run["ociReference"]!;
        Assert.StartsWith($"{registry.Host}/egi/debian12@sha256:", reference, StringComparison.Ordinal);
        var oci = run["results"]![0]!["oci"]!;
        Assert.Equal($"sha256:{sha256}", (string)oci["layerDigest"]!);
        Assert.Equal([$"1.0.0-{sha256[..12]}"], oci["tags"]!.AsArray().Select(t => (string)t!));

        // the endorsement records that oci location, as endorse --oci does
        var record = JsonNode.Parse(Git(list, "show", "endorse/debian12/1.0.0:images/debian12/1.0.0/record.json"))!;
        Assert.Equal(reference, (string)record["oci"]!["reference"]!);
        Assert.Equal($"sha256:{sha256}", (string)record["oci"]!["layerDigest"]!);

        // an independent client sees the artifact, and every tag in the repository has a hyphen (atrope's ^[^-]*$ takes none)
        var creds = $"{registry.Username}:{registry.Password}";
        var tags = ExternalProcess.Run("skopeo", ["list-tags", "--tls-verify=false", "--creds", creds, $"docker://{registry.Host}/egi/debian12"]);
        Assert.True(tags.ExitCode == 0, tags.StandardError);
        var listed = JsonNode.Parse(tags.StandardOutput)!["Tags"]!.AsArray().Select(t => (string)t!).ToList();
        Assert.Contains($"1.0.0-{sha256[..12]}", listed);
        Assert.All(listed, t => Assert.Contains('-', t));
        var raw = ExternalProcess.Run("skopeo", ["inspect", "--raw", "--tls-verify=false", "--creds", creds, $"docker://{reference}"]);
        Assert.True(raw.ExitCode == 0, raw.StandardError);
        Assert.Equal($"sha256:{sha256}", (string)JsonNode.Parse(raw.StandardOutput)!["layers"]![0]!["digest"]!);
        // the bundle, SBOM and report hang on it as referrers
        using var client = new RegistryClient(registry.Host, new ImageGate.Distribution.Auth.RegistryCredentials(registry.Username, registry.Password, "test"));
        var referrers = await client.GetReferrersAsync("egi/debian12", reference[(reference.IndexOf('@', StringComparison.Ordinal) + 1)..], cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(3, referrers.Count);
    }

    [Fact]
    public async Task Run_refuses_a_registry_that_is_not_registry_slash_namespace_before_building()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("out");

        var r = await CliRunner.RunAsync(["run", temp.Combine("image.pkr.hcl"), "--registry", "127.0.0.1:5000/egi/debian12:1.0", "--output-dir", output]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--registry '127.0.0.1:5000/egi/debian12:1.0' is REGISTRY/NAMESPACE", r.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "build.json")));
    }
}
