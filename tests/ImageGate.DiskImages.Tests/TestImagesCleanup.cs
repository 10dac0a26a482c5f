using ImageGate.DiskImages.Tests.FileSystems.Xfs;

[assembly: AssemblyFixture(typeof(ImageGate.DiskImages.Tests.TestImagesCleanup))]

namespace ImageGate.DiskImages.Tests;

/// <summary>Removes the images built during the run when the run ends.</summary>
public sealed class TestImagesCleanup : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => XfsTestImages.Cleanup();
}
