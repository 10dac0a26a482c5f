using ImageGate.DiskImages.Containers;

namespace ImageGate.DiskImages.Partitions.Lvm;

/// <summary>A physical volume as the volume group's metadata describes it, with the device found for it (or null).</summary>
/// <param name="Name">The metadata's name for it (<c>pv0</c>).</param>
/// <param name="Uuid">The PV UUID without dashes.</param>
/// <param name="PeStartSectors">Where the first physical extent starts, in 512-byte sectors.</param>
/// <param name="PeCount">Number of physical extents.</param>
/// <param name="Source">The device holding it, null when it was not among the devices given.</param>
internal sealed record LvmPhysicalVolume(string Name, string Uuid, long PeStartSectors, long PeCount, VirtualDisk? Source);
