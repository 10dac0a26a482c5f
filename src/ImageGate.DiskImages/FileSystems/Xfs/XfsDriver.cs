using System.Text;
using ImageGate.DiskImages.Containers;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>Recognises XFS by its superblock magic and opens it with <see cref="XfsFileSystem"/>.</summary>
internal sealed class XfsDriver : IFileSystemDriver
{
    public FileSystemProbe? Probe(VirtualDisk volume)
    {
        if (!XfsProbe.IsXfs(volume)) return null;
        var sb = new byte[512];
        volume.Read(0, sb);
        // Read without validation: a damaged superblock is still "xfs", and opening it says what is wrong.
        var uuid = new Guid(sb.AsSpan(32, 16), bigEndian: true);
        var label = Encoding.UTF8.GetString(sb.AsSpan(108, 12)).TrimEnd('\0');
        return new FileSystemProbe("xfs", uuid == Guid.Empty ? null : uuid.ToString("D"), label.Length == 0 ? null : label);
    }

    public IFileSystem Open(VirtualDisk volume, string description, DiskImageOptions options) =>
        XfsFileSystem.Open(volume, description);
}
