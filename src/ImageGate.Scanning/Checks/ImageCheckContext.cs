using ImageGate.Core.Packages;
using ImageGate.FileTrees;

namespace ImageGate.Scanning.Checks;

/// <summary>What an <see cref="IImageCheck"/> sees: the file tree, the image, its OS and installed packages, the clock.</summary>
/// <param name="FileSystem">The image's root file tree.</param>
/// <param name="Image">The image as the report names it (digests may not be computed yet).</param>
/// <param name="Os">The OS from os-release, when present.</param>
/// <param name="Packages">The installed packages.</param>
/// <param name="Time">The clock (tests pin it).</param>
public sealed record ImageCheckContext(IFileSystem FileSystem, ImageDescription Image, OsRelease? Os, IReadOnlyList<InstalledPackage> Packages, TimeProvider Time);
