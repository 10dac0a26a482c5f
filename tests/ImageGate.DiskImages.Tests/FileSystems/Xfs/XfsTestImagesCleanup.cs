[assembly: AssemblyFixture(typeof(ImageGate.DiskImages.Tests.FileSystems.Xfs.XfsTestImagesCleanup))]

namespace ImageGate.DiskImages.Tests.FileSystems.Xfs;

/// <summary>Removes the XFS and LVM images built during the run when the run ends.</summary>
public sealed class XfsTestImagesCleanup : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => XfsTestImages.Cleanup();
}
