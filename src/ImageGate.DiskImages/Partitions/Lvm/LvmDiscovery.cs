using ImageGate.DiskImages.Containers;

namespace ImageGate.DiskImages.Partitions.Lvm;

/// <summary>Finds the LVM2 physical volumes among a disk's partitions (or the whole disk), assembles their volume
/// groups and returns the visible logical volumes and snapshots in a stable order (VG name, then LV name).</summary>
internal static class LvmDiscovery
{
    /// <summary>The visible logical volumes on the PVs among <paramref name="areas"/> (start, length on
    /// <paramref name="disk"/>); empty when none is a PV. Damaged LVM metadata is a BadInputException.</summary>
    public static IReadOnlyList<LvmLogicalVolume> Find(VirtualDisk disk, IEnumerable<(long Start, long Length)> areas)
    {
        var pvs = new List<VirtualDisk>();
        foreach (var (start, length) in areas)
        {
            var source = new SliceDisk(disk, start, length);
            if (length >= 4096 && LvmProbe.IsPhysicalVolume(source)) pvs.Add(source);
        }
        if (pvs.Count == 0) return [];
        return LvmVolumeGroup.ReadAll(pvs)
            .OrderBy(vg => vg.Name, StringComparer.Ordinal)
            .SelectMany(vg => vg.LogicalVolumes.Where(lv => lv.Visible || IsSnapshot(lv)).OrderBy(lv => lv.Name, StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>LVM hides a snapshot's copy-on-write store in the metadata, yet shows it to users as the snapshot
    /// (<c>lvs</c> lists it): it is listed, and refused when opened.</summary>
    private static bool IsSnapshot(LvmLogicalVolume lv) =>
        lv.UnsupportedReason?.Contains("copy-on-write store", StringComparison.Ordinal) == true;

    /// <summary>The partition type shown for a logical volume.</summary>
    public const string PartitionType = "lvm";
}
