using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageGate.Testing;
using ImageGate.Testing.Registries;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Cli.Tests.Commands.Endorsement;

/// <summary>Where sites download an image (issue 16 item 3): <c>endorse --oci</c> checked against a real registry,
/// at least one location per record, and <c>publish</c> signing only what the sites' reader accepts.</summary>
public sealed class DownloadLocationTests
{
    [Fact]
    public async Task An_oci_only_record_and_a_uri_only_record_go_through_endorse_merge_publish_and_site_verify()
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        using var registry = LocalRegistry.Start(RegistryAuthMode.Basic);
        var origin = TestInputs.CreateOrigin(temp);
        var alma = TestInputs.ForImage(temp, Qcow2(temp, "alma9.qcow2", 3));
        var debian = TestInputs.CreateImage(temp, "debian12", seed: 4);
        var credentials = new Dictionary<string, string> { ["IMAGEGATE_REGISTRY_USERNAME"] = registry.Username, ["IMAGEGATE_REGISTRY_PASSWORD"] = registry.Password };
        var reference = await PushAsync(alma.Image, $"{registry.Host}/vo/alma9:9.4-test", credentials);

        var ociOnly = await CliRunner.RunAsync(["endorse", alma.Image, "--name", "alma9", "--version", "9.4", "--report", alma.Report, "--bundle", alma.Bundle,
            "--oci", reference, "--list-repo", origin, .. TestInputs.KeyVerification(temp.Path)], credentials);
        Assert.True(ociOnly.ExitCode == 0, ociOnly.StandardError);
        TestInputs.MergeBranch(temp, origin, "endorse/alma9/9.4", 1);
        var uriOnly = await CliRunner.RunAsync(["endorse", debian.Image, "--name", "debian12", "--version", "12.8", "--report", debian.Report, "--bundle", debian.Bundle,
            "--uri", "https://images.example.org/debian12-12.8.qcow2", "--list-repo", origin, .. TestInputs.KeyVerification(temp.Path)]);
        Assert.True(uriOnly.ExitCode == 0, uriOnly.StandardError);
        TestInputs.MergeBranch(temp, origin, "endorse/debian12/12.8", 2);

        var (key, pub) = ListKey(temp);
        var output = temp.Combine("site");
        var publish = await CliRunner.RunAsync(["publish", "--list-repo", origin, "--output", output, "--key", key]);
        Assert.True(publish.ExitCode == 0, publish.StandardError);
        var list = Path.Combine(output, "endorsed-images.json");
        var images = JsonNode.Parse(File.ReadAllBytes(list))!["images"]!.AsArray();
        Assert.Equal(["alma9", "debian12"], images.Select(i => (string)i!["name"]!));
        Assert.Null(images[0]!["uri"]);
        Assert.Equal(reference, (string)images[0]!["oci"]!["reference"]!);
        Assert.Equal($"sha256:{alma.Sha256}", (string)images[0]!["oci"]!["layerDigest"]!);
        Assert.Null(images[1]!["oci"]);
        Assert.Equal("https://images.example.org/debian12-12.8.qcow2", (string)images[1]!["uri"]!);

        var verify = await CliRunner.RunAsync(["site", "verify", list, "--key", pub, "--insecure-ignore-tlog", "--state", temp.Combine("state")]);
        Assert.True(verify.ExitCode == 0, verify.StandardOutput + verify.StandardError);
        Assert.Contains("2 images", verify.StandardOutput);
        Assert.DoesNotContain(registry.Password, ociOnly.StandardOutput + ociOnly.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endorse_without_a_location_exits_2_and_proposes_nothing()
    {
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var set = TestInputs.CreateImage(temp, "debian12");

        var r = await CliRunner.RunAsync(["endorse", set.Image, "--name", "debian12", "--version", "1", "--report", set.Report, "--bundle", set.Bundle,
            "--list-repo", origin, .. TestInputs.KeyVerification(temp.Path)]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no download location", r.StandardError);
        Assert.Contains("--oci", r.StandardError);
        Assert.Equal("", TestInputs.Git(origin, "for-each-ref", "refs/heads/endorse"));
    }

    [Fact]
    public async Task Endorse_oci_whose_layer_is_another_image_exits_2_naming_the_registry_and_reference()
    {
        using var temp = new TempDirectory();
        using var registry = LocalRegistry.Start();
        var origin = TestInputs.CreateOrigin(temp);
        var set = TestInputs.ForImage(temp, Qcow2(temp, "debian12.qcow2", 5));
        var other = TestInputs.ForImage(temp, Qcow2(temp, "other.qcow2", 6));
        var reference = await PushAsync(other.Image, $"{registry.Host}/vo/debian12:1-test", null);

        var r = await CliRunner.RunAsync(["endorse", set.Image, "--name", "debian12", "--version", "1", "--report", set.Report, "--bundle", set.Bundle,
            "--oci", reference, "--list-repo", origin, .. TestInputs.KeyVerification(temp.Path)]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"registry {registry.Host}", r.StandardError);
        Assert.Contains(reference, r.StandardError);
        Assert.Contains($"sha256:{other.Sha256}", r.StandardError);
        Assert.Equal("", TestInputs.Git(origin, "for-each-ref", "refs/heads/endorse"));

        var byTag = await CliRunner.RunAsync(["endorse", set.Image, "--name", "debian12", "--version", "1", "--report", set.Report, "--bundle", set.Bundle,
            "--oci", $"{registry.Host}/vo/debian12:1-test", "--list-repo", origin, .. TestInputs.KeyVerification(temp.Path)]);
        Assert.Equal(2, byTag.ExitCode);
        Assert.Contains("digest reference", byTag.StandardError);
    }

    [Fact]
    public async Task Publish_refuses_to_sign_a_list_the_site_reader_would_refuse_and_writes_nothing()
    {
        ExternalProcess.Require("openssl");
        using var temp = new TempDirectory();
        var origin = TestInputs.CreateOrigin(temp);
        var set = TestInputs.CreateImage(temp, "debian12");
        var endorse = await CliRunner.RunAsync(["endorse", set.Image, "--name", "debian12", "--version", "1", "--report", set.Report, "--bundle", set.Bundle,
            "--uri", "https://images.example.org/debian12-1.qcow2", "--list-repo", origin, .. TestInputs.KeyVerification(temp.Path)]);
        Assert.True(endorse.ExitCode == 0, endorse.StandardError);
        TestInputs.MergeBranch(temp, origin, "endorse/debian12/1", 1);
        // A record written before locations were required (or by hand): no uri and no oci.
        var work = temp.Combine("edit");
        ExternalProcess.Run("git", ["clone", "-q", origin, work], environment: TestInputs.GitEnv);
        var recordPath = Path.Combine(work, "images", "debian12", "1", "record.json");
        var record = JsonNode.Parse(File.ReadAllText(recordPath))!.AsObject();
        record.Remove("uri");
        File.WriteAllText(recordPath, record.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        TestInputs.Git(work, "commit", "-q", "-am", "Drop the download location");
        TestInputs.Git(work, "push", "-q", "origin", "main");

        var (key, _) = ListKey(temp);
        var output = temp.Combine("site");
        var publish = await CliRunner.RunAsync(["publish", "--list-repo", origin, "--output", output, "--key", key]);

        Assert.Equal(2, publish.ExitCode);
        Assert.Contains("images[0]: has no location", publish.StandardError);
        Assert.False(File.Exists(Path.Combine(output, "endorsed-images.json")));
        Assert.False(File.Exists(Path.Combine(output, "endorsed-images.json.sigstore.json")));
    }

    private static async Task<string> PushAsync(string image, string target, Dictionary<string, string>? env)
    {
        var push = await CliRunner.RunAsync(["push", image, target, "--json"], env);
        Assert.True(push.ExitCode == 0, push.StandardError);
        return (string)JsonNode.Parse(push.StandardOutput)!["reference"]!;
    }

    /// <summary>A real qcow2 (no file system) that push can read; the virtual size makes each one different.</summary>
    private static string Qcow2(TempDirectory temp, string name, int megabytes)
    {
        ExternalProcess.Require("qemu-img");
        var path = temp.Combine(name);
        var r = ExternalProcess.Run("qemu-img", ["create", "-q", "-f", "qcow2", path, $"{megabytes}M"]);
        Assert.True(r.ExitCode == 0, r.StandardError);
        return path;
    }

    private static (string Key, string Public) ListKey(TempDirectory temp)
    {
        var key = temp.Combine("list.key");
        Assert.Equal(0, ExternalProcess.Run("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key]).ExitCode);
        Assert.Equal(0, ExternalProcess.Run("openssl", ["ec", "-in", key, "-pubout", "-out", temp.Combine("list.pub")]).ExitCode);
        return (key, temp.Combine("list.pub"));
    }
}
