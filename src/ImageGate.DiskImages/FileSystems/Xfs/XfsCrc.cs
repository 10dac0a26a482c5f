using System.Buffers.Binary;
using System.Numerics;

namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>CRC32C (Castagnoli) as XFS v5 uses it: the checksum field counts as zero, stored little-endian.</summary>
internal static class XfsCrc
{
    /// <summary>True when the little-endian CRC32C stored at <paramref name="crcOffset"/> matches <paramref name="block"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> block, int crcOffset)
    {
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(crcOffset, 4));
        var crc = Update(0xFFFFFFFFu, block[..crcOffset]);
        crc = Update(crc, [0, 0, 0, 0]);
        crc = Update(crc, block[(crcOffset + 4)..]);
        return ~crc == stored;
    }

    /// <summary>Writes the CRC32C of <paramref name="block"/> at <paramref name="crcOffset"/> (tests use it to forge damage that passes the checksum).</summary>
    public static void Stamp(Span<byte> block, int crcOffset)
    {
        block.Slice(crcOffset, 4).Clear();
        var crc = ~Update(0xFFFFFFFFu, block);
        BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(crcOffset, 4), crc);
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data)
            crc = BitOperations.Crc32C(crc, b);
        return crc;
    }
}
