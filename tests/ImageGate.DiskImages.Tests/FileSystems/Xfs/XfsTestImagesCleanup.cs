[assembly: AssemblyFixture(typeof(ImageGate.DiskImages.Tests.FileSystems.Xfs.XfsTestImagesCleanup))]

namespace ImageGate.DiskImages.Tests.FileSystems.Xfs;

/// <summary>Removes the XFS images (and the scratch folders of XfsTestImages.NewScratch) built during the run when the run ends.</summary>
public sealed class XfsTestImagesCleanup : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => XfsTestImages.Cleanup();
}
