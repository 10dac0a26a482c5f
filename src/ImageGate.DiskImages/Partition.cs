namespace ImageGate.DiskImages;

/// <summary>One partition of a disk image (or, numbered 0, the whole disk when it holds a file system without a table).</summary>
/// <param name="Number">Partition number as Linux counts it (GPT 1…, MBR primary 1–4, logical 5…; 0 = whole disk).</param>
/// <param name="Start">Offset in bytes from the start of the virtual disk (0 for an LVM logical volume).</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="Type">Partition type: a GPT type GUID, or an MBR type as <c>0x83</c>, <c>disk</c> for the whole disk, <c>lvm</c> for a logical volume.</param>
/// <param name="Name">GPT partition name, when there is one; <c>vg/lv</c> for a logical volume.</param>
/// <param name="FileSystem">The file system found in it (<c>ext2</c>, <c>ext3</c>, <c>ext4</c>, <c>xfs</c>), null when none is recognised.</param>
public sealed record Partition(int Number, long Start, long Length, string Type, string? Name, string? FileSystem)
{
    /// <summary>GPT unique partition GUID, or the MBR form <c>xxxxxxxx-NN</c> (what <c>PARTUUID=</c> in fstab names).</summary>
    public string? PartitionUuid { get; init; }

    /// <summary>The file system's UUID (what <c>UUID=</c> in fstab names), when known.</summary>
    public string? FileSystemUuid { get; init; }

    /// <summary>The file system's label (what <c>LABEL=</c> in fstab names), when set.</summary>
    public string? FileSystemLabel { get; init; }

    /// <summary>For an LVM logical volume, its name under <c>/dev/mapper</c> (<c>almalinux-root</c>); otherwise null.</summary>
    public string? MapperName { get; init; }
}
