using ImageGate.Core.Packages;

namespace ImageGate.Scanning.Sbom;

/// <summary>What an SBOM describes: the image, its OS and installed packages, and when it was made.</summary>
/// <param name="Image">The image.</param>
/// <param name="Os">Its OS, when known.</param>
/// <param name="Packages">Its installed packages.</param>
/// <param name="Created">Creation time of the document.</param>
public sealed record SbomSubject(ImageDescription Image, OsRelease? Os, IReadOnlyList<InstalledPackage> Packages, DateTimeOffset Created)
{
    /// <summary>The subject of a scan report.</summary>
    public static SbomSubject From(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new SbomSubject(report.Image, report.Os, report.Packages, report.ScannedAt);
    }
}
