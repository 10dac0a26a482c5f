using ImageGate.DiskImages.Containers;

namespace ImageGate.DiskImages.Partitions.Lvm;

/// <summary>Recognises an LVM2 physical volume by its label.</summary>
internal static class LvmProbe
{
    /// <summary>True when one of the first four sectors holds an LVM2 label (LABELONE, type LVM2 001).</summary>
    public static bool IsPhysicalVolume(VirtualDisk source) => LvmLabel.FindLabelSector(source) >= 0;
}
