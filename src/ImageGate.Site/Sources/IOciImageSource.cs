using ImageGate.Lists;

namespace ImageGate.Site.Sources;

/// <summary>Downloads an image from its <c>oci</c> location. The Cli wires the Distribution library's registry client;
/// the Site library does not talk to registries itself.</summary>
public interface IOciImageSource
{
    /// <summary>Streams layer[0] (<see cref="OciLocation.LayerDigest"/>) of <paramref name="location"/> into
    /// <paramref name="outputPath"/>, checking its digest and <paramref name="size"/> while streaming; the file appears
    /// only when both match, nothing is left behind otherwise.</summary>
    Task DownloadAsync(OciLocation location, long size, string outputPath, CancellationToken cancellationToken);
}
