using System.Text.Json;
using ImageGate.EndToEnd.Tests.Pipeline;
using ImageGate.Testing;

namespace ImageGate.EndToEnd.Tests.Cloud;

/// <summary>The qemu-built cloud images (tests/fixtures/cloud/build-cloud-images.sh through the built CLI, cached
/// under the fixture cache) and their scans. The base disk is a fixture (./build.sh fixtures); a missing fixture or
/// tool fails the test.</summary>
internal static class CloudImages
{
    /// <summary>The xUnit collection of the tests that build or use these images (one qemu build at a time).</summary>
    public const string Collection = "qemu-built cloud images";

    /// <summary>The rules the failing variant's leftovers raise at medium or above, and no others.</summary>
    public static readonly HashSet<string> LeftoverRules =
    [
        "credentials/ssh-host-key", "credentials/snakeoil-key",
        "accounts/passwordless-sudo", "accounts/non-system-user",
        "patches/security-update-missing",
    ];

    private static readonly Lock Gate = new();
    private static bool built;

    /// <summary>Where Packer's logs are kept (CI uploads every TestResults folder).</summary>
    public static string LogDirectory => Path.Combine(Repository.Root, "tests", "ImageGate.EndToEnd.Tests", "TestResults", "cloud");

    /// <summary>Builds both images when the cache does not hold them, and returns the image NAME and its Packer log.</summary>
    public static (string Image, string PackerLog) Build(string name)
    {
        lock (Gate)
        {
            if (!built)
            {
                foreach (var tool in new[] { "packer", "qemu-system-x86_64", "qemu-img", "ssh-keygen", "flock" }) ExternalProcess.Require(tool);
                Fixtures.Path("debian12-cloud-base.qcow2");
                using var tmp = new TempDirectory("imagegate-cloud");
                var wrapper = ToolWrapper.Create(tmp);
                var run = ExternalProcess.Run("bash", [Path.Combine(Repository.Root, "tests", "fixtures", "cloud", "build-cloud-images.sh"), wrapper, Fixtures.Directory],
                    timeout: TimeSpan.FromMinutes(40));
                Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
                built = true;
            }
        }
        var image = Fixtures.Path(name + ".qcow2");
        var log = Fixtures.Path(name + ".packer.log");
        Directory.CreateDirectory(LogDirectory);
        File.Copy(log, Path.Combine(LogDirectory, name + ".packer.log"), overwrite: true);
        return (image, File.ReadAllText(log));
    }

    /// <summary>Scans IMAGE with the embedded policy, the patch check on, and returns the JSON report.</summary>
    public static JsonDocument Scan(string image, out int exitCode, out string output)
    {
        using var tmp = new TempDirectory("imagegate-cloud-scan");
        var wrapper = ToolWrapper.Create(tmp);
        var json = tmp.Combine("report.json");
        var run = ExternalProcess.Run(wrapper, ["scan", image, "--json-output", json], timeout: TimeSpan.FromMinutes(10));
        exitCode = run.ExitCode;
        output = run.StandardOutput + run.StandardError;
        Assert.True(File.Exists(json), output);
        return JsonDocument.Parse(File.ReadAllBytes(json));
    }
}
