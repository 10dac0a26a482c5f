namespace ImageGate.DiskImages.Partitions;

/// <summary>A partition as a table describes it, before any file system is probed.</summary>
internal sealed record PartitionSlot(int Number, long Start, long Length, string Type, string? Name, string? PartitionUuid);
