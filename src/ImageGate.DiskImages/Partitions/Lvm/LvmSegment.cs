namespace ImageGate.DiskImages.Partitions.Lvm;

/// <summary>One area of a stripe: a physical volume and the first physical extent used on it.</summary>
internal sealed record LvmStripe(LvmPhysicalVolume Volume, long StartExtent);

/// <summary>A run of a logical volume's extents: linear (one stripe) or striped over several PVs.</summary>
/// <param name="StartExtent">First logical extent of the segment.</param>
/// <param name="ExtentCount">Number of logical extents.</param>
/// <param name="Type">The segment type as stored (<c>striped</c> for linear and striped segments).</param>
/// <param name="StripeSizeSectors">Stripe size in 512-byte sectors (0 for linear).</param>
/// <param name="Stripes">The areas, one per stripe.</param>
internal sealed record LvmSegment(long StartExtent, long ExtentCount, string Type, long StripeSizeSectors, IReadOnlyList<LvmStripe> Stripes)
{
    /// <summary>The first logical extent after the segment.</summary>
    public long EndExtent => StartExtent + ExtentCount;
}
