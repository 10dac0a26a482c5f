using System.Text.Json;
using ImageGate.Testing;

namespace ImageGate.EndToEnd.Tests.Pipeline;

/// <summary>The whole pipeline on the embedded default, as <c>./build.sh demo</c> runs it: a real Packer build of
/// examples/debian12 → scan → key signing → push to a local registry → endorsement with its <c>oci</c> location into a
/// local bare list repository → merge → publish with <c>--registry-sync</c> → verify of the published list → site
/// check of the image and of the registry tag → site sync from the registry; then a tampered image and a tampered
/// list are refused.</summary>
public sealed class PipelineDemoTests
{
    [Fact]
    public void The_demo_pipeline_endorses_publishes_and_verifies_and_refuses_tampering()
    {
        foreach (var tool in new[] { "packer", "qemu-img", "sfdisk", "mke2fs", "git", "jq", "docker-registry" }) ExternalProcess.Require(tool);
        using var tmp = new TempDirectory("imagegate-e2e");
        var wrapper = ToolWrapper.Create(tmp);
        var demo = tmp.Combine("demo");

        var run = ExternalProcess.Run("bash", [Path.Combine(Repository.Root, "build", "demo.sh"), wrapper, Fixtures.Directory],
            environment: new Dictionary<string, string> { ["IMAGEGATE_DEMO_DIR"] = demo }, timeout: TimeSpan.FromMinutes(10));
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.Contains("endorsed: ", run.StandardOutput);

        // What the pipeline left: a passing scan report, a signed image, one endorsed image in the signed list.
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(demo, "run", "report.json")));
        Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
        Assert.True(report.RootElement.GetProperty("packageCount").GetInt32() > 50);
        using var runJson = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(demo, "run", "run.json")));
        var digest = runJson.RootElement.GetProperty("imageDigest").GetString()!;
        var list = Path.Combine(demo, "published", "endorsed-images.json");
        using var listJson = JsonDocument.Parse(File.ReadAllBytes(list));
        var image = Assert.Single(listJson.RootElement.GetProperty("images").EnumerateArray().ToList());
        Assert.Equal("debian12", image.GetProperty("name").GetString());
        Assert.Equal(digest, "sha256:" + image.GetProperty("sha256").GetString());
        Assert.True(File.Exists(Path.Combine(demo, "published", "imagelist.hepix.json")));

        // The registry path: the record names the pushed artifact, publish set the endorsed tag, the site synced the
        // image from the registry (its attached bundle verified), and the demo stopped its registry.
        var oci = image.GetProperty("oci");
        Assert.StartsWith("127.0.0.1:", oci.GetProperty("reference").GetString());
        Assert.Equal(digest, oci.GetProperty("layerDigest").GetString());
        Assert.Contains("registry: create 127.0.0.1:", run.StandardOutput);
        Assert.Contains("verifies against", run.StandardError);
        var synced = Assert.Single(Directory.GetFiles(Path.Combine(demo, "site-cache", "images")));
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(synced))));
        var port = oci.GetProperty("reference").GetString()!.Split('/')[0].Split(':')[1];
        using (var probe = new System.Net.Sockets.TcpClient())
            Assert.ThrowsAny<System.Net.Sockets.SocketException>(() => probe.Connect("127.0.0.1", int.Parse(port, System.Globalization.CultureInfo.InvariantCulture)));

        // A site refuses an image that is not the endorsed one.
        var built = runJson.RootElement.GetProperty("images")[0].GetProperty("path").GetString()!;
        var tampered = tmp.Combine("tampered.qcow2");
        File.Copy(built, tampered);
        using (var f = File.OpenWrite(tampered)) { f.Seek(-1, SeekOrigin.End); f.WriteByte(0x5A); }
        var bundle = list + ".sigstore.json";
        var pub = Path.Combine(demo, "endorser.pub");
        var check = ExternalProcess.Run(wrapper, ["site", "check", tampered, "--list", list, "--bundle", bundle, "--key", pub, "--insecure-ignore-tlog"]);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("not-endorsed", check.StandardError + check.StandardOutput);

        // A tampered list fails its signature.
        var forged = tmp.Combine("forged.json");
        File.WriteAllText(forged, File.ReadAllText(list).Replace("debian12", "debian13", StringComparison.Ordinal));
        var verify = ExternalProcess.Run(wrapper, ["verify", forged, "--bundle", bundle, "--key", pub, "--insecure-ignore-tlog"]);
        Assert.Equal(1, verify.ExitCode);
    }
}
