using ImageGate.Core.Packages;
using ImageGate.FileTrees;

namespace ImageGate.Scanning.Inventory;

/// <summary>The installed software of an image: its OS and the packages of every package database found.</summary>
/// <param name="Os">The OS from os-release, when present.</param>
/// <param name="Packages">dpkg and rpm packages, sorted.</param>
public sealed record PackageInventory(OsRelease? Os, IReadOnlyList<InstalledPackage> Packages)
{
    /// <summary>Reads the OS and packages of the tree.</summary>
    public static PackageInventory Read(IFileSystem fs, bool licences = true) =>
        new(OsReleaseReader.Read(fs), [.. DpkgDatabase.Read(fs, licences), .. RpmDatabase.Read(fs)]);
}
