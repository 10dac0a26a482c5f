using ImageGate.Pipeline;
using ImageGate.Testing;

namespace ImageGate.Pipeline.Tests;

/// <summary>What <c>endorse</c> and the pipeline's endorse stage record for <c>recheck</c>, read from the disk image itself.</summary>
public sealed class InventoryRecorderTests
{
    [Fact]
    public void The_inventory_of_a_debian_disk_image_has_its_os_packages_and_repositories()
    {
        var inventory = InventoryRecorder.TryRead(Fixtures.Path("gpt.qcow2"), out var why);

        Assert.Null(why);
        Assert.NotNull(inventory);
        Assert.Equal("debian", inventory.Os.Id);
        Assert.Equal("12", inventory.Os.VersionId);
        Assert.True(inventory.Packages.Count > 50);
        Assert.All(inventory.Packages, p => Assert.Null(p.License));
        Assert.NotEmpty(inventory.Repositories);
    }

    [Fact]
    public void A_file_that_is_no_disk_image_records_nothing_and_says_why()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("not-an-image.qcow2");
        File.WriteAllBytes(file, new byte[4096]);

        var inventory = InventoryRecorder.TryRead(file, out var why);

        Assert.Null(inventory);
        Assert.False(string.IsNullOrEmpty(why));
    }
}
