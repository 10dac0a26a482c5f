using System.Buffers.Binary;

namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>One mapping of a file's logical blocks to file-system blocks (a packed 128-bit bmbt record).</summary>
internal readonly record struct XfsExtent(ulong FileBlock, ulong StartBlock, ulong BlockCount, bool Unwritten)
{
    /// <summary>Decodes the 16-byte big-endian record at the start of <paramref name="record"/>.</summary>
    public static XfsExtent Decode(ReadOnlySpan<byte> record)
    {
        var l0 = BinaryPrimitives.ReadUInt64BigEndian(record);
        var l1 = BinaryPrimitives.ReadUInt64BigEndian(record[8..]);
        return new XfsExtent(
            FileBlock: (l0 & 0x7FFF_FFFF_FFFF_FFFFUL) >> 9,
            StartBlock: ((l0 & 0x1FF) << 43) | (l1 >> 21),
            BlockCount: l1 & 0x1F_FFFF,
            Unwritten: (l0 >> 63) != 0);
    }

    /// <summary>The first logical block after this extent.</summary>
    public ulong EndBlock => FileBlock + BlockCount;
}
