using ImageGate.Core.Errors;
using ImageGate.DiskImages.Containers;

namespace ImageGate.DiskImages.Partitions.Lvm;

/// <summary>A linear or striped logical volume as a virtual disk, its bytes mapped onto its physical volumes extent
/// by extent.</summary>
internal sealed class LvmVolumeDisk(LvmLogicalVolume volume, string name) : VirtualDisk
{
    /// <summary>The disks the volume's physical volumes are windows of, each once.</summary>
    private readonly VirtualDisk[] underlying = [.. volume.Segments.SelectMany(s => s.Stripes)
        .Select(s => s.Volume.Source!.Underlying).Distinct()];

    public override string ImagePath { get; } = name;

    public override long Length { get; } = volume.Length;

    public override long BytesRead => underlying.Sum(d => d.BytesRead);

    protected override BadInputException Outside(long offset, int count) =>
        new($"read of {count} bytes at {offset} is beyond the end of logical volume {volume.VolumeGroup}/{volume.Name} ({Length} bytes)", ImagePath);

    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        var extentSize = volume.ExtentSizeBytes;
        while (buffer.Length > 0)
        {
            var segment = Find(offset / extentSize);
            var within = offset - segment.StartExtent * extentSize;
            long pvOffset;
            long run;
            LvmStripe stripe;
            if (segment.Stripes.Count == 1)
            {
                stripe = segment.Stripes[0];
                pvOffset = stripe.StartExtent * extentSize + within;
                run = segment.ExtentCount * extentSize - within;
            }
            else
            {
                var chunk = segment.StripeSizeSectors * 512;
                var chunkIndex = within / chunk;
                stripe = segment.Stripes[(int)(chunkIndex % segment.Stripes.Count)];
                var row = chunkIndex / segment.Stripes.Count;
                pvOffset = stripe.StartExtent * extentSize + row * chunk + within % chunk;
                run = chunk - within % chunk;
            }
            var pv = stripe.Volume;
            var take = (int)Math.Min(buffer.Length, run);
            pv.Source!.Read(pv.PeStartSectors * 512 + pvOffset, buffer[..take]);
            buffer = buffer[take..];
            offset += take;
        }
    }

    private LvmSegment Find(long extent)
    {
        var segments = volume.Segments;
        int lo = 0, hi = segments.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (extent < segments[mid].StartExtent) hi = mid - 1;
            else if (extent >= segments[mid].EndExtent) lo = mid + 1;
            else return segments[mid];
        }
        throw new BadInputException($"logical volume {volume.VolumeGroup}/{volume.Name} has no segment for extent {extent}", ImagePath);
    }
}
