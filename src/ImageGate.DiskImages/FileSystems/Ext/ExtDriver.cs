using System.Buffers.Binary;
using System.Text;
using ImageGate.DiskImages.Containers;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems.Ext;

/// <summary>Recognises and opens ext2, ext3 and ext4.</summary>
internal sealed class ExtDriver : IFileSystemDriver
{
    public FileSystemProbe? Probe(VirtualDisk volume)
    {
        if (volume.Length < 2048) return null;
        var sb = new byte[1024];
        volume.Read(1024, sb);
        if (BinaryPrimitives.ReadUInt16LittleEndian(sb.AsSpan(56)) != 0xEF53) return null;
        var compat = BinaryPrimitives.ReadUInt32LittleEndian(sb.AsSpan(92));
        var incompat = BinaryPrimitives.ReadUInt32LittleEndian(sb.AsSpan(96));
        var roCompat = BinaryPrimitives.ReadUInt32LittleEndian(sb.AsSpan(100));
        var kind = (incompat & ~0x16u) != 0 || (roCompat & ~0x3u) != 0 ? "ext4" : (compat & 4) != 0 ? "ext3" : "ext2";
        var uuid = new Guid(sb.AsSpan(104, 16), bigEndian: true).ToString("D");
        var label = Encoding.UTF8.GetString(sb.AsSpan(120, 16)).TrimEnd('\0');
        return new FileSystemProbe(kind, uuid, label.Length == 0 ? null : label);
    }

    public IFileSystem Open(VirtualDisk volume, string description, DiskImageOptions options) =>
        new ExtFileSystem(volume, description, options);
}
