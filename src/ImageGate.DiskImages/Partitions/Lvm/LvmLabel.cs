using System.Buffers.Binary;
using System.Text;
using ImageGate.Core.Errors;
using ImageGate.DiskImages.Containers;

namespace ImageGate.DiskImages.Partitions.Lvm;

/// <summary>A physical volume's label (LABELONE in one of the first four sectors) and its pv_header.</summary>
/// <param name="Uuid">The PV UUID as stored (32 characters, no dashes).</param>
/// <param name="DeviceSize">The device size the PV recorded, in bytes.</param>
/// <param name="MetadataAreas">(offset, size) in bytes of each metadata area on the PV.</param>
internal sealed record LvmLabel(string Uuid, ulong DeviceSize, IReadOnlyList<(long Offset, long Size)> MetadataAreas)
{
    private const int MaxAreas = 16;

    /// <summary>The sector holding the label, or -1.</summary>
    public static int FindLabelSector(VirtualDisk source)
    {
        Span<byte> sector = stackalloc byte[512];
        for (var i = 0; i < 4; i++)
        {
            if (source.Length < (i + 1) * 512L) return -1;
            source.Read(i * 512L, sector);
            if (sector[..8].SequenceEqual("LABELONE"u8) && sector.Slice(24, 8).SequenceEqual("LVM2 001"u8))
                return i;
        }
        return -1;
    }

    /// <summary>Reads and checks the label of <paramref name="source"/>.</summary>
    public static LvmLabel Read(VirtualDisk source)
    {
        var index = FindLabelSector(source);
        if (index < 0)
            throw new BadInputException("no LVM2 physical volume label (LABELONE) in the first four sectors", source.ImagePath);
        var sector = new byte[512];
        source.Read(index * 512L, sector);
        BadInputException Bad(string p) => new($"LVM physical volume label: {p}", source.ImagePath);
        var s = sector.AsSpan();
        if (BinaryPrimitives.ReadUInt64LittleEndian(s[8..]) != (ulong)index)
            throw Bad($"label in sector {index} records sector {BinaryPrimitives.ReadUInt64LittleEndian(s[8..])}");
        if (LvmCrc.Compute(s[20..]) != BinaryPrimitives.ReadUInt32LittleEndian(s[16..]))
            throw Bad("checksum mismatch");
        var offset = BinaryPrimitives.ReadUInt32LittleEndian(s[20..]);
        if (offset < 32 || offset > 512 - 32 - 8 - 16)
            throw Bad($"impossible pv_header offset {offset}");
        var h = s[(int)offset..];
        var uuid = Encoding.ASCII.GetString(h[..32]);
        if (!uuid.All(char.IsAsciiLetterOrDigit))
            throw Bad("PV UUID is not 32 letters and digits");
        var deviceSize = BinaryPrimitives.ReadUInt64LittleEndian(h[32..]);
        var p = 40;
        var dataAreas = ReadAreas(h, ref p, Bad);
        if (dataAreas.Count != 1)
            throw Bad($"expected one data area, found {dataAreas.Count}");
        var metadataAreas = ReadAreas(h, ref p, Bad);
        return new LvmLabel(uuid, deviceSize, metadataAreas);
    }

    private static List<(long, long)> ReadAreas(ReadOnlySpan<byte> h, ref int p, Func<string, BadInputException> bad)
    {
        var list = new List<(long, long)>();
        while (true)
        {
            if (p + 16 > h.Length) throw bad("area list runs past the label sector");
            var off = BinaryPrimitives.ReadUInt64LittleEndian(h[p..]);
            var size = BinaryPrimitives.ReadUInt64LittleEndian(h[(p + 8)..]);
            p += 16;
            if (off == 0) return list;
            if (off > long.MaxValue / 2 || size > long.MaxValue / 2 || list.Count >= MaxAreas)
                throw bad($"impossible area at {off} of {size} bytes");
            list.Add(((long)off, (long)size));
        }
    }
}
