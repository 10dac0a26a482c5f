namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>
/// The minimal random-access device the XFS and LVM readers work on (a partition, a logical volume, a whole
/// virtual disk); every <see cref="Containers.VirtualDisk"/> is one. Reads are positional and must be safe to call
/// from several threads at once.
/// </summary>
internal interface IByteSource
{
    /// <summary>The image file this device lives in, named in errors.</summary>
    string Name { get; }

    /// <summary>The device's size in bytes.</summary>
    long Length { get; }

    /// <summary>Fills <paramref name="buffer"/> with the bytes at <paramref name="offset"/>; throws
    /// <see cref="ImageGate.Core.Errors.BadInputException"/> when the range is not inside the device.</summary>
    void ReadAt(long offset, Span<byte> buffer);
}
