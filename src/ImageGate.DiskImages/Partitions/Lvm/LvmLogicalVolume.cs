using ImageGate.Core.Errors;
using ImageGate.DiskImages.Containers;

namespace ImageGate.DiskImages.Partitions.Lvm;

/// <summary>A logical volume of a volume group. Linear and striped volumes open as a <see cref="VirtualDisk"/>;
/// thin, snapshot and other kinds are listed with the reason they cannot be read.</summary>
internal sealed class LvmLogicalVolume
{
    internal LvmLogicalVolume(string volumeGroup, string name, string id, bool visible, long extentSizeBytes,
        IReadOnlyList<LvmSegment> segments, string? unsupportedReason, string imageName)
    {
        VolumeGroup = volumeGroup;
        Name = name;
        Id = id;
        Visible = visible;
        ExtentSizeBytes = extentSizeBytes;
        Segments = segments;
        UnsupportedReason = unsupportedReason;
        ImageName = imageName;
    }

    /// <summary>The volume group's name.</summary>
    public string VolumeGroup { get; }

    /// <summary>The volume's name.</summary>
    public string Name { get; }

    /// <summary>The LV UUID as stored (with dashes).</summary>
    public string Id { get; }

    /// <summary>False for LVM's internal volumes (pool metadata, snapshot stores …).</summary>
    public bool Visible { get; }

    /// <summary>The extent size of the volume group in bytes.</summary>
    public long ExtentSizeBytes { get; }

    /// <summary>The segments, sorted and contiguous from extent 0.</summary>
    public IReadOnlyList<LvmSegment> Segments { get; }

    /// <summary>Why the volume cannot be read (thin, snapshot, missing PV …); null when it can.</summary>
    public string? UnsupportedReason { get; }

    /// <summary>The name under /dev/mapper: dashes in either name doubled, joined by a dash.</summary>
    public string MapperName => $"{VolumeGroup.Replace("-", "--", StringComparison.Ordinal)}-{Name.Replace("-", "--", StringComparison.Ordinal)}";

    /// <summary>The volume's size in bytes.</summary>
    public long Length => Segments.Count == 0 ? 0 : Segments[^1].EndExtent * ExtentSizeBytes;

    private string ImageName { get; }

    /// <summary>The volume's bytes; throws <see cref="BadInputException"/> with <see cref="UnsupportedReason"/> when unreadable.</summary>
    public VirtualDisk Open() => UnsupportedReason is null
        ? new LvmVolumeDisk(this, ImageName)
        : throw new BadInputException($"LVM logical volume {VolumeGroup}/{Name}: {UnsupportedReason}", ImageName);
}
