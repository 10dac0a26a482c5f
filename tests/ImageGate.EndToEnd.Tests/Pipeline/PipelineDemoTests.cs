using System.Text.Json;
using ImageGate.Testing;

namespace ImageGate.EndToEnd.Tests.Pipeline;

/// <summary>The whole pipeline on the embedded default, as <c>./build.sh demo</c> runs it: a real Packer build of
/// examples/debian12 → scan → key signing → endorsement into a local bare list repository → merge → publish →
/// verify of the published list → site check of the image; then a tampered image and a tampered list are refused.</summary>
public sealed class PipelineDemoTests
{
    [Fact]
    public void The_demo_pipeline_endorses_publishes_and_verifies_and_refuses_tampering()
    {
        foreach (var tool in new[] { "packer", "qemu-img", "sfdisk", "mke2fs", "git", "jq" }) ExternalProcess.Require(tool);
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
