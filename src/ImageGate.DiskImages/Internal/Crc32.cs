namespace ImageGate.DiskImages.Internal;

/// <summary>CRC-32 (IEEE 802.3, as GPT uses) and CRC-32C (Castagnoli, as VHDX uses).</summary>
internal static class Crc32
{
    private static readonly uint[] Table = Build();

    private static uint[] Build()
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }

    public static uint Ieee(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        return ~c;
    }

    public static uint Castagnoli(ReadOnlySpan<byte> data)
    {
        var c = 0xFFFFFFFFu;
        var i = 0;
        for (; i + 8 <= data.Length; i += 8)
            c = System.Numerics.BitOperations.Crc32C(c, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        for (; i < data.Length; i++) c = System.Numerics.BitOperations.Crc32C(c, data[i]);
        return ~c;
    }
}
