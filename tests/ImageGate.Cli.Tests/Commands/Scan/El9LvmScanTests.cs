using System.Text.Json;
using ImageGate.Testing;
using ImageGate.Testing.Images;

namespace ImageGate.Cli.Tests.Commands.Scan;

/// <summary><c>scan</c> and <c>inventory</c> of an EL9-like qcow2 whose root is an XFS in an LVM2 logical volume
/// (ImageGate.Testing's <see cref="El9TestImage"/>).</summary>
public sealed class El9LvmScanTests
{
    [Fact]
    public async Task Scan_reports_the_os_of_the_root_volume_and_inventory_lists_its_rpm_packages()
    {
        var d = El9TestImage.Disk;
        var inv = await CliRunner.RunAsync(["inventory", d.Qcow2, "--format", "json"]);
        Assert.True(inv.ExitCode == 0, inv.StandardError);
        var text = inv.StandardOutput.Length > 0 ? inv.StandardOutput : System.Text.Encoding.UTF8.GetString(inv.RawOutput);
        Assert.Contains(El9TestImage.PackageName, text);
        Assert.Contains("1.2.3", text);
        Assert.Contains("almalinux", text, StringComparison.OrdinalIgnoreCase);

        var scan = await CliRunner.RunAsync(["scan", d.Qcow2, "--json", "--no-patch-check"]);
        Assert.True(scan.ExitCode is 0 or 1, $"exit {scan.ExitCode}: {scan.StandardError}");
        var report = scan.StandardOutput.Length > 0 ? scan.StandardOutput : System.Text.Encoding.UTF8.GetString(scan.RawOutput);
        using var doc = JsonDocument.Parse(report);
        Assert.Equal("AlmaLinux 9.4 (Seafoam Ocelot)", doc.RootElement.GetProperty("os").GetProperty("prettyName").GetString());
    }
}
