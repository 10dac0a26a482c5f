using System.Text.Json;
using ImageGate.EndToEnd.Tests.Cloud;
using ImageGate.Testing;

namespace ImageGate.EndToEnd.Tests.Pipeline;

/// <summary>The whole pipeline on the embedded default, as <c>./build.sh demo</c> runs it: the Debian 12 cloud image
/// Packer's qemu builder makes from examples/debian12-cloud (cached) → scan with the patch check → key signing → push to a local registry → endorsement with its <c>oci</c> location into a
/// local bare list repository → merge → publish with <c>--registry-sync</c> → verify of the published list → site
/// check of the image and of the registry tag → site sync from the registry; then a tampered image and a tampered
/// list are refused; the variant keeping the build's leftovers fails the gate and is not endorsed.</summary>
[Collection(CloudImages.Collection)]
public sealed class PipelineDemoTests
{
    [Fact]
    public void The_demo_pipeline_endorses_publishes_and_verifies_and_refuses_tampering()
    {
        foreach (var tool in new[] { "packer", "qemu-system-x86_64", "qemu-img", "ssh-keygen", "flock", "git", "jq", "docker-registry" }) ExternalProcess.Require(tool);
        using var tmp = new TempDirectory("imagegate-e2e");
        var wrapper = ToolWrapper.Create(tmp);
        var demo = tmp.Combine("demo");

        var run = ExternalProcess.Run("bash", [Path.Combine(Repository.Root, "build", "demo.sh"), wrapper, Fixtures.Directory],
            environment: new Dictionary<string, string> { ["IMAGEGATE_DEMO_DIR"] = demo }, timeout: TimeSpan.FromMinutes(40));
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.Contains("endorsed: ", run.StandardOutput);

        // What the pipeline left: a passing scan report with the patch check run (its metadata dated), no finding at
        // medium or above, a few hundred packages; a signed image, one endorsed image in the signed list.
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(demo, "run", "report.json")));
        Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
        Assert.True(report.RootElement.GetProperty("packageCount").GetInt32() >= 200);
        Assert.DoesNotContain(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("severity").GetString() is "critical" or "high" or "medium");
        Assert.Contains(report.RootElement.GetProperty("patchMetadata").EnumerateArray(), m => m.GetProperty("security").GetBoolean() && m.GetProperty("date").GetString() is not null);
        Assert.Matches(@"patch check: \S+ bookworm-security \(security\) metadata dated \d{4}-", run.StandardOutput);
        var built = Fixtures.Path("debian12-cloud.qcow2");
        string digest;
        using (var stream = File.OpenRead(built))
            digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
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

        // The failing variant failed the gate and endorse refused it: no branch, no pull request text.
        using var variant = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(demo, "variant", "report.json")));
        Assert.False(variant.RootElement.GetProperty("passed").GetBoolean());
        Assert.Contains("refused: no endorsement branch", run.StandardOutput);
        Assert.Contains("failed the policy gate; it cannot be endorsed", File.ReadAllText(Path.Combine(demo, "variant", "endorse.out")));

        // A site refuses an image that is not the endorsed one.
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
