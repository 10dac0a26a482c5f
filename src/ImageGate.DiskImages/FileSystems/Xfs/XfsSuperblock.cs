using System.Buffers.Binary;

namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>The fields of an XFS primary superblock the reader needs, validated.</summary>
internal sealed record XfsSuperblock
{
    public const uint Magic = 0x58465342; // "XFSB"

    // v5 incompatible features this reader understands.
    private const uint IncompatFtype = 0x1, IncompatSparseInodes = 0x2, IncompatMetaUuid = 0x4, IncompatBigTime = 0x8,
        IncompatNeedsRepair = 0x10, IncompatNrext64 = 0x20;
    private const uint KnownIncompat = IncompatFtype | IncompatSparseInodes | IncompatMetaUuid | IncompatBigTime | IncompatNrext64;

    public int Version { get; init; }
    public int BlockSize { get; init; }
    public int BlockLog { get; init; }
    public ulong DataBlocks { get; init; }
    public ulong RootInode { get; init; }
    public uint AgBlocks { get; init; }
    public uint AgCount { get; init; }
    public int AgBlockLog { get; init; }
    public int SectorSize { get; init; }
    public int InodeSize { get; init; }
    public int InodeLog { get; init; }
    public int InodesPerBlockLog { get; init; }
    public int DirBlockLog { get; init; }
    public bool HasFileType { get; init; }
    public bool HasCrc => Version == 5;
    public bool BigTime { get; init; }
    public bool Reflink { get; init; }
    public Guid Uuid { get; init; }
    public string Label { get; init; } = "";

    /// <summary>The directory block size in bytes.</summary>
    public int DirBlockSize => BlockSize << DirBlockLog;

    /// <summary>The inode core size: 176 bytes for v3 inodes (v5), 100 for v1/v2 (v4).</summary>
    public int InodeCoreSize => HasCrc ? 176 : 100;

    /// <summary>Parses and validates the superblock in <paramref name="sector"/> (at least 512 bytes);
    /// returns null with <paramref name="problem"/> set when it is not a usable XFS superblock.</summary>
    public static XfsSuperblock? Parse(ReadOnlySpan<byte> sector, out string? problem)
    {
        problem = null;
        if (sector.Length < 512 || BinaryPrimitives.ReadUInt32BigEndian(sector) != Magic)
        {
            problem = "no XFS superblock magic (XFSB) at offset 0";
            return null;
        }
        var blockSize = BinaryPrimitives.ReadUInt32BigEndian(sector[4..]);
        var dblocks = BinaryPrimitives.ReadUInt64BigEndian(sector[8..]);
        var rblocks = BinaryPrimitives.ReadUInt64BigEndian(sector[16..]);
        var rextents = BinaryPrimitives.ReadUInt64BigEndian(sector[24..]);
        var uuid = new Guid(sector.Slice(32, 16), bigEndian: true);
        var rootIno = BinaryPrimitives.ReadUInt64BigEndian(sector[56..]);
        var agBlocks = BinaryPrimitives.ReadUInt32BigEndian(sector[84..]);
        var agCount = BinaryPrimitives.ReadUInt32BigEndian(sector[88..]);
        var versionNum = BinaryPrimitives.ReadUInt16BigEndian(sector[100..]);
        var sectSize = BinaryPrimitives.ReadUInt16BigEndian(sector[102..]);
        var inodeSize = BinaryPrimitives.ReadUInt16BigEndian(sector[104..]);
        var inoPerBlock = BinaryPrimitives.ReadUInt16BigEndian(sector[106..]);
        var blockLog = sector[120];
        var sectLog = sector[121];
        var inodeLog = sector[122];
        var inoPerBlockLog = sector[123];
        var agBlockLog = sector[124];
        var inProgress = sector[126];
        var dirBlockLog = sector[192];
        var features2 = BinaryPrimitives.ReadUInt32BigEndian(sector[200..]);
        var version = versionNum & 0xF;

        if (version is not (4 or 5)) { problem = $"unsupported superblock version {version} (XFS v4 and v5 are read)"; return null; }
        if (blockLog is < 9 or > 16 || blockSize != 1u << blockLog) { problem = $"impossible block size {blockSize} (log {blockLog})"; return null; }
        if (sectLog is < 9 or > 15 || sectSize != 1 << sectLog || sectSize > blockSize) { problem = $"impossible sector size {sectSize}"; return null; }
        if (version == 5)
        {
            if (sector.Length < sectSize) { problem = "superblock sector is short"; return null; }
            if (!XfsCrc.Verify(sector[..sectSize], 224)) { problem = "superblock checksum (CRC32C) mismatch"; return null; }
        }
        if (inodeLog is < 8 or > 11 || inodeSize != 1 << inodeLog || inodeSize > blockSize || (version == 5 && inodeSize < 512)) { problem = $"impossible inode size {inodeSize}"; return null; }
        if (inoPerBlockLog != blockLog - inodeLog || inoPerBlock != blockSize / inodeSize) { problem = $"inodes per block {inoPerBlock} (log {inoPerBlockLog}) does not match block and inode sizes"; return null; }
        if (agBlocks < 16 || agBlockLog is 0 or > 31 || (1UL << agBlockLog) < agBlocks || (1UL << (agBlockLog - 1)) >= agBlocks) { problem = $"impossible allocation group size {agBlocks} blocks (log {agBlockLog})"; return null; }
        if (agCount == 0 || agCount > 1_000_000) { problem = $"impossible allocation group count {agCount}"; return null; }
        if (dblocks == 0 || dblocks > (ulong)agCount * agBlocks || dblocks <= (ulong)(agCount - 1) * agBlocks) { problem = $"data block count {dblocks} does not match {agCount} allocation groups of {agBlocks} blocks"; return null; }
        if (dirBlockLog > 16 - blockLog) { problem = $"impossible directory block size (log {dirBlockLog} blocks)"; return null; }
        if (agBlockLog + inoPerBlockLog > 56) { problem = "inode numbers would not fit 64 bits"; return null; }
        if (inProgress != 0) { problem = "the file system was never completed by mkfs (sb_inprogress set)"; return null; }
        if (rblocks != 0 || rextents != 0) { problem = "a realtime device is configured; realtime file systems are not supported"; return null; }

        bool fileType, bigTime = false, reflink = false;
        if (version == 5)
        {
            var roCompat = BinaryPrimitives.ReadUInt32BigEndian(sector[212..]);
            var incompat = BinaryPrimitives.ReadUInt32BigEndian(sector[216..]);
            if ((incompat & IncompatNeedsRepair) != 0) { problem = "the file system is marked as needing xfs_repair"; return null; }
            if ((incompat & ~KnownIncompat) != 0) { problem = $"unsupported incompatible features 0x{incompat & ~KnownIncompat:x}"; return null; }
            fileType = (incompat & IncompatFtype) != 0;
            bigTime = (incompat & IncompatBigTime) != 0;
            reflink = (roCompat & 0x4) != 0;
        }
        else
        {
            if ((versionNum & 0x2000) == 0) { problem = "v4 file system without version 2 directories (dirv2) is not supported"; return null; }
            fileType = (versionNum & 0x8000) != 0 && (features2 & 0x200) != 0;
        }
        var sb = new XfsSuperblock
        {
            Version = version, BlockSize = (int)blockSize, BlockLog = blockLog, DataBlocks = dblocks, RootInode = rootIno,
            AgBlocks = agBlocks, AgCount = agCount, AgBlockLog = agBlockLog, SectorSize = sectSize, InodeSize = inodeSize,
            InodeLog = inodeLog, InodesPerBlockLog = inoPerBlockLog, DirBlockLog = dirBlockLog, HasFileType = fileType,
            BigTime = bigTime, Reflink = reflink, Uuid = uuid,
            Label = System.Text.Encoding.UTF8.GetString(sector.Slice(108, 12)).TrimEnd('\0'),
        };
        return sb;
    }
}
