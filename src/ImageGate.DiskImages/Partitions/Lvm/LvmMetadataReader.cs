using System.Buffers.Binary;
using System.Text;
using ImageGate.Core.Errors;
using ImageGate.DiskImages.Containers;

namespace ImageGate.DiskImages.Partitions.Lvm;

/// <summary>One copy of volume-group metadata text found in a metadata area.</summary>
internal sealed record LvmMetadataCopy(string Text, VirtualDisk Source, long AreaOffset);

/// <summary>Reads the current metadata text of each metadata area (a circular buffer after a 512-byte header).</summary>
internal static class LvmMetadataReader
{
    private const int HeaderSize = 512;
    private const long MaxText = 64L << 20;
    private static readonly byte[] Magic = " LVM2 x[5A%r0N*>"u8.ToArray();

    public static List<LvmMetadataCopy> Read(VirtualDisk source, LvmLabel label)
    {
        var copies = new List<LvmMetadataCopy>();
        foreach (var (offset, size) in label.MetadataAreas)
        {
            BadInputException Bad(string p) => new($"LVM metadata area at {offset}: {p}", source.ImagePath);
            if (size < HeaderSize * 2 || offset > source.Length - size)
                throw Bad($"area of {size} bytes does not fit the device ({source.Length} bytes)");
            var header = new byte[HeaderSize];
            source.Read(offset, header);
            var h = header.AsSpan();
            if (LvmCrc.Compute(h[4..]) != BinaryPrimitives.ReadUInt32LittleEndian(h))
                throw Bad("header checksum mismatch");
            if (!h.Slice(4, 16).SequenceEqual(Magic))
                throw Bad("bad header magic");
            if (BinaryPrimitives.ReadUInt32LittleEndian(h[20..]) != 1)
                throw Bad($"unsupported header version {BinaryPrimitives.ReadUInt32LittleEndian(h[20..])}");
            var start = BinaryPrimitives.ReadUInt64LittleEndian(h[24..]);
            var areaSize = BinaryPrimitives.ReadUInt64LittleEndian(h[32..]);
            if (start != (ulong)offset || areaSize != (ulong)size)
                throw Bad($"header describes an area at {start} of {areaSize} bytes, the label one at {offset} of {size}");
            var textOffset = BinaryPrimitives.ReadUInt64LittleEndian(h[40..]);
            var textSize = BinaryPrimitives.ReadUInt64LittleEndian(h[48..]);
            var checksum = BinaryPrimitives.ReadUInt32LittleEndian(h[56..]);
            var flags = BinaryPrimitives.ReadUInt32LittleEndian(h[60..]);
            if (textOffset == 0 || (flags & 1) != 0)
                continue; // empty or ignored area
            var ring = size - HeaderSize;
            if (textOffset < HeaderSize || textOffset >= (ulong)size || textSize == 0 || textSize > (ulong)Math.Min(ring, MaxText))
                throw Bad($"metadata text at {textOffset} of {textSize} bytes does not fit the area");
            var text = new byte[textSize];
            var first = (int)Math.Min(textSize, (ulong)size - textOffset);
            source.Read(offset + (long)textOffset, text.AsSpan(0, first));
            if (first < text.Length)
                source.Read(offset + HeaderSize, text.AsSpan(first)); // wrapped around the circular buffer
            if (LvmCrc.Compute(text) != checksum)
                throw Bad("metadata text checksum mismatch");
            copies.Add(new LvmMetadataCopy(Encoding.UTF8.GetString(text).TrimEnd('\0'), source, offset));
        }
        return copies;
    }
}
