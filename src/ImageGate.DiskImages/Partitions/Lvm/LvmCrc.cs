namespace ImageGate.DiskImages.Partitions.Lvm;

/// <summary>LVM2's checksum: the reflected CRC-32 polynomial seeded with 0xf597a6cf and no final inversion.</summary>
internal static class LvmCrc
{
    public const uint Initial = 0xf597a6cf;
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data, uint crc = Initial)
    {
        foreach (var b in data)
            crc = (crc >> 8) ^ Table[(crc ^ b) & 0xFF];
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
