using System.Buffers.Binary;
using ImageGate.DiskImages.Containers;

namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>Recognises an XFS file system by its superblock magic.</summary>
internal static class XfsProbe
{
    /// <summary>True when <paramref name="source"/> starts with an XFS superblock magic ("XFSB").</summary>
    public static bool IsXfs(VirtualDisk source)
    {
        if (source.Length < 512)
            return false;
        Span<byte> head = stackalloc byte[4];
        source.Read(0, head);
        return BinaryPrimitives.ReadUInt32BigEndian(head) == XfsSuperblock.Magic;
    }
}
