using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems.Ext;

/// <summary>The fields of an ext inode the reader uses.</summary>
internal sealed class ExtInode
{
    public const uint ExtentsFlag = 0x80000;
    public const uint InlineDataFlag = 0x10000000;
    public const uint HugeFileFlag = 0x40000;
    public const uint EncryptFlag = 0x800;

    public required uint Number { get; init; }
    public required ushort Mode { get; init; }
    public required long Uid { get; init; }
    public required long Gid { get; init; }
    public required long Size { get; init; }
    public required uint Flags { get; init; }
    public required byte[] Raw { get; init; }
    public required ulong FileAcl { get; init; }
    public required ulong Blocks512 { get; init; }
    public required ushort Links { get; init; }
    public required DateTimeOffset? ModifiedTime { get; init; }

    public ReadOnlySpan<byte> Block => Raw.AsSpan(40, 60);
    public int Type => Mode & 0xF000;
    public bool IsDirectory => Type == 0x4000;
    public bool IsRegular => Type == 0x8000;
    public bool IsSymlink => Type == 0xA000;
    public bool HasInlineData => (Flags & InlineDataFlag) != 0;

    public EntryKind Kind(string image, ExtFileSystem fs) => Type switch
    {
        0x1000 => EntryKind.Fifo,
        0x2000 => EntryKind.CharDevice,
        0x4000 => EntryKind.Directory,
        0x6000 => EntryKind.BlockDevice,
        0x8000 => EntryKind.File,
        0xA000 => EntryKind.Symlink,
        0xC000 => EntryKind.Socket,
        _ => throw Internal.Fail.Bad(image, $"{fs.Description}: inode {Number} has an unknown file type (mode 0{Convert.ToString(Mode, 8)})"),
    };
}
