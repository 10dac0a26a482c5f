namespace ImageGate.DiskImages;

/// <summary>One partition of a disk image (or, numbered 0, the whole disk when it holds a file system without a table).</summary>
/// <param name="Number">Partition number as Linux counts it (GPT 1…, MBR primary 1–4, logical 5…; 0 = whole disk).</param>
/// <param name="Start">Offset in bytes from the start of the virtual disk.</param>
/// <param name="Length">Length in bytes.</param>
/// <param name="Type">Partition type: a GPT type GUID, or an MBR type as <c>0x83</c>, or <c>disk</c> for the whole disk.</param>
/// <param name="Name">GPT partition name, when there is one.</param>
/// <param name="FileSystem">The file system found in it (<c>ext2</c>, <c>ext3</c>, <c>ext4</c> …), null when none is recognised.</param>
public sealed record Partition(int Number, long Start, long Length, string Type, string? Name, string? FileSystem)
{
    /// <summary>GPT unique partition GUID, or the MBR form <c>xxxxxxxx-NN</c> (what <c>PARTUUID=</c> in fstab names).</summary>
    public string? PartitionUuid { get; init; }

    /// <summary>The file system's UUID (what <c>UUID=</c> in fstab names), when known.</summary>
    public string? FileSystemUuid { get; init; }

    /// <summary>The file system's label (what <c>LABEL=</c> in fstab names), when set.</summary>
    public string? FileSystemLabel { get; init; }
}
