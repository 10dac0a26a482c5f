using ImageGate.Core.Errors;
using ImageGate.Core.Packages;
using ImageGate.DiskImages;
using ImageGate.Endorsement.Format;
using ImageGate.Patches;
using ImageGate.Scanning.Inventory;

namespace ImageGate.Pipeline;

/// <summary>Reads what <c>endorse</c> (and the pipeline's endorse stage) records for <c>recheck</c> from the image
/// itself: its OS, installed packages and configured repositories (with the keys it trusts), the same way the scan's
/// patch check reads them.</summary>
public static class InventoryRecorder
{
    /// <summary>The inventory of <paramref name="imagePath"/>, or null with the reason (<paramref name="why"/>) when the
    /// image's package database cannot be read.</summary>
    public static InventoryRecord? TryRead(string imagePath, out string? why)
    {
        try
        {
            using var fs = ImageSource.Open(imagePath);
            var inventory = PackageInventory.Read(fs, licences: false);
            if (inventory.Packages.Count == 0)
            {
                why = "no dpkg or rpm package database was found in the image";
                return null;
            }
            var os = inventory.Os ?? new OsRelease("unknown", null, null);
            why = null;
            return new InventoryRecord
            {
                Os = new ImageGate.Lists.OperatingSystem(inventory.Os?.Id, os.VersionId, os.PrettyName),
                Packages = inventory.Packages.Select(p => p with { License = null }).ToList(),
                Repositories = PatchChecker.ReadRepositories(fs, inventory.Packages, os),
            };
        }
        catch (Exception e) when (e is BadInputException or VerificationException or IOException or InvalidDataException or NotSupportedException)
        {
            why = e.Message;
            return null;
        }
    }
}
