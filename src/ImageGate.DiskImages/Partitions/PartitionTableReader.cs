using System.Buffers.Binary;
using System.Text;
using ImageGate.DiskImages.Containers;
using ImageGate.DiskImages.Internal;

namespace ImageGate.DiskImages.Partitions;

/// <summary>Reads a partition table: protective MBR + GPT (CRC-checked, backup used when the primary is damaged),
/// or MBR with extended/logical chains. Returns null when the disk has no table.</summary>
internal static class PartitionTableReader
{
    public static (string Scheme, IReadOnlyList<PartitionSlot> Slots)? Read(VirtualDisk disk, DiskImageOptions options)
    {
        if (disk.Length < 1024) return null;
        var mbr = new byte[512];
        disk.Read(0, mbr);
        var hasSignature = mbr[510] == 0x55 && mbr[511] == 0xAA;
        var sig = new byte[8];
        disk.Read(512, sig);
        var gptAt512 = sig.AsSpan().SequenceEqual("EFI PART"u8);
        var protective = hasSignature && Enumerable.Range(0, 4).Any(i => mbr[446 + i * 16 + 4] == 0xEE);
        if (protective || gptAt512) return ("gpt", Gpt.Read(disk, options));
        if (!hasSignature) return null;
        return Mbr.Read(disk, mbr, options) is { Count: > 0 } slots ? ("mbr", slots) : null;
    }

    private static class Gpt
    {
        public static IReadOnlyList<PartitionSlot> Read(VirtualDisk disk, DiskImageOptions options)
        {
            var path = disk.ImagePath;
            foreach (var sector in new[] { 512, 4096 })
            {
                if (disk.Length < sector * 3L) continue;
                var lastLba = disk.Length / sector - 1;
                string? primaryError = null;
                foreach (var lba in new[] { 1L, lastLba })
                {
                    try
                    {
                        var slots = ReadAt(disk, sector, lba, options);
                        if (slots is not null) return slots;
                        if (lba == 1) primaryError = "no primary GPT header";
                    }
                    catch (Core.Errors.BadInputException ex) when (lba == 1)
                    {
                        primaryError = ex.Message;
                    }
                }
                _ = primaryError;
            }
            throw Fail.Bad(path, "GPT is damaged: neither the primary nor the backup header and entries are valid");
        }

        private static List<PartitionSlot>? ReadAt(VirtualDisk disk, int sector, long lba, DiskImageOptions options)
        {
            var path = disk.ImagePath;
            var h = new byte[sector];
            disk.Read(lba * sector, h);
            if (!h.AsSpan(0, 8).SequenceEqual("EFI PART"u8)) return null;
            var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(12));
            if (headerSize < 92 || headerSize > sector) throw Fail.Bad(path, $"GPT header size {headerSize} is invalid");
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(16));
            var copy = h.AsSpan(0, (int)headerSize).ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(16), 0);
            if (Crc32.Ieee(copy) != crc) throw Fail.Bad(path, $"GPT header at LBA {lba} has a bad CRC32");
            var myLba = BinaryPrimitives.ReadUInt64LittleEndian(h.AsSpan(24));
            if (myLba != (ulong)lba) throw Fail.Bad(path, $"GPT header at LBA {lba} says it is at LBA {myLba}");
            var entriesLba = BinaryPrimitives.ReadUInt64LittleEndian(h.AsSpan(72));
            var count = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(80));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(84));
            var entriesCrc = BinaryPrimitives.ReadUInt32LittleEndian(h.AsSpan(88));
            if (size < 128 || size > 4096 || size % 8 != 0) throw Fail.Bad(path, $"GPT entry size {size} is invalid");
            var total = (ulong)count * size;
            if (count == 0 || total > (ulong)Math.Min(options.MaxTableBytes, 4L << 20)) throw Fail.Bad(path, $"GPT has {count} entries of {size} bytes: impossible");
            if (entriesLba > (ulong)(disk.Length / sector) || (long)entriesLba * sector + (long)total > disk.Length)
                throw Fail.Bad(path, $"GPT entries at LBA {entriesLba} are outside the disk");
            var entries = new byte[total];
            disk.Read((long)entriesLba * sector, entries);
            if (Crc32.Ieee(entries) != entriesCrc) throw Fail.Bad(path, $"GPT partition entries (header at LBA {lba}) have a bad CRC32");
            var slots = new List<PartitionSlot>();
            for (var i = 0; i < count; i++)
            {
                var e = entries.AsSpan(i * (int)size, (int)size);
                var type = new Guid(e[..16]);
                if (type == Guid.Empty) continue;
                var unique = new Guid(e[16..32]);
                var first = BinaryPrimitives.ReadUInt64LittleEndian(e[32..]);
                var last = BinaryPrimitives.ReadUInt64LittleEndian(e[40..]);
                var name = Encoding.Unicode.GetString(e.Slice(56, Math.Min(72, (int)size - 56))).TrimEnd('\0');
                if (last < first || first == 0 || (last + 1) > (ulong)(disk.Length / sector))
                    throw Fail.Bad(path, $"GPT partition {i + 1} spans LBA {first}..{last}, outside the disk");
                slots.Add(new PartitionSlot(i + 1, (long)first * sector, (long)(last - first + 1) * sector,
                    type.ToString("D").ToUpperInvariant(), name.Length == 0 ? null : name, unique.ToString("D")));
            }
            return slots;
        }
    }

    private static class Mbr
    {
        private static bool IsExtended(byte type) => type is 0x05 or 0x0F or 0x85;

        public static List<PartitionSlot> Read(VirtualDisk disk, byte[] mbr, DiskImageOptions options)
        {
            var path = disk.ImagePath;
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(mbr.AsSpan(440));
            var slots = new List<PartitionSlot>();
            for (var i = 0; i < 4; i++)
            {
                var e = mbr.AsSpan(446 + i * 16, 16);
                var type = e[4];
                var start = (long)BinaryPrimitives.ReadUInt32LittleEndian(e[8..]) * 512;
                var length = (long)BinaryPrimitives.ReadUInt32LittleEndian(e[12..]) * 512;
                if (type == 0 || length == 0) continue;
                if (e[0] is not (0 or 0x80)) return []; // not a partition table (e.g. a boot sector of a file system)
                if (start == 0 || start + length > disk.Length)
                    throw Fail.Bad(path, $"MBR partition {i + 1} ({start}+{length}) lies outside the disk ({disk.Length} bytes)");
                slots.Add(new PartitionSlot(i + 1, start, length, $"0x{type:x2}", null, $"{signature:x8}-{i + 1:x2}"));
                if (IsExtended(type)) ReadLogical(disk, start, length, signature, slots, options);
            }
            return slots;
        }

        private static void ReadLogical(VirtualDisk disk, long extStart, long extLength, uint signature, List<PartitionSlot> slots, DiskImageOptions options)
        {
            var path = disk.ImagePath;
            var seen = new HashSet<long>();
            var ebrAt = extStart;
            var number = 5;
            var ebr = new byte[512];
            while (true)
            {
                if (!seen.Add(ebrAt)) throw Fail.Bad(path, $"MBR extended partition chain loops back to sector {ebrAt / 512}");
                if (number - 4 > options.MaxLogicalPartitions) throw Fail.Bad(path, $"MBR extended partition chain has more than {options.MaxLogicalPartitions} logical partitions");
                if (ebrAt < extStart || ebrAt + 512 > extStart + extLength) throw Fail.Bad(path, $"MBR extended boot record at {ebrAt} lies outside the extended partition");
                disk.Read(ebrAt, ebr);
                if (ebr[510] != 0x55 || ebr[511] != 0xAA) throw Fail.Bad(path, $"MBR extended boot record at sector {ebrAt / 512} has no signature");
                var type = ebr[446 + 4];
                var rel = (long)BinaryPrimitives.ReadUInt32LittleEndian(ebr.AsSpan(446 + 8)) * 512;
                var len = (long)BinaryPrimitives.ReadUInt32LittleEndian(ebr.AsSpan(446 + 12)) * 512;
                if (type != 0 && len != 0)
                {
                    var start = ebrAt + rel;
                    if (rel == 0 || start + len > extStart + extLength)
                        throw Fail.Bad(path, $"MBR logical partition {number} ({start}+{len}) lies outside its extended partition");
                    slots.Add(new PartitionSlot(number, start, len, $"0x{type:x2}", null, $"{signature:x8}-{number:x2}"));
                    number++;
                }
                var nextType = ebr[462 + 4];
                var nextRel = (long)BinaryPrimitives.ReadUInt32LittleEndian(ebr.AsSpan(462 + 8)) * 512;
                if (nextType == 0 || nextRel == 0) break;
                if (!IsExtended(nextType)) throw Fail.Bad(path, $"MBR extended boot record links to a partition of type 0x{nextType:x2}");
                ebrAt = extStart + nextRel;
            }
        }
    }
}
