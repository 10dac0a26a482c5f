using ImageGate.Core.IO;

namespace ImageGate.Packer.Artifacts;

/// <summary>Recognises disk images among a build's files and computes their digests in one pass.</summary>
public static class DiskImageInspector
{
    private const int SectorSize = 512;
    private static ReadOnlySpan<byte> Qcow2Magic => [(byte)'Q', (byte)'F', (byte)'I', 0xFB];

    /// <summary>The container format from the first bytes: qcow2 <c>QFI\xfb</c>, VMDK <c>KDMV</c>, VHDX
    /// <c>vhdxfile</c>, else raw.</summary>
    public static DiskImageFormat DetectFormat(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Qcow2Magic)) return DiskImageFormat.Qcow2;
        if (head.StartsWith("KDMV"u8)) return DiskImageFormat.Vmdk;
        if (head.StartsWith("vhdxfile"u8)) return DiskImageFormat.Vhdx;
        return DiskImageFormat.Raw;
    }

    /// <summary>True when the file looks like a disk image: a known container header, or a raw disk (a
    /// non-empty whole number of 512-byte sectors).</summary>
    public static bool IsDiskImage(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0) return false;
        if ((info.Attributes & FileAttributes.ReparsePoint) != 0 && info.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true })
            return false;
        return ReadFormat(path) != DiskImageFormat.Raw || info.Length % SectorSize == 0;
    }

    /// <summary>Inspects one image file: format, size, SHA-256 and SHA-512.</summary>
    public static async Task<DiskImageArtifact> InspectAsync(string path, string build, CancellationToken cancellationToken)
    {
        var (size, sha256, sha512) = await FileDigests.ComputeAsync(path, cancellationToken).ConfigureAwait(false);
        var format = size == 0 ? DiskImageFormat.Raw : ReadFormat(path);
        return new DiskImageArtifact(Path.GetFullPath(path), build, format, size, sha256, sha512);
    }

    private static DiskImageFormat ReadFormat(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using var stream = File.OpenRead(path);
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return DetectFormat(head[..n]);
    }
}
