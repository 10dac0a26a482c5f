using System.Buffers;
using System.Security.Cryptography;

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
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
            long size = 0;
            var format = DiskImageFormat.Raw;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (size == 0) format = DetectFormat(buffer.AsSpan(0, read));
                sha256.AppendData(buffer, 0, read);
                sha512.AppendData(buffer, 0, read);
                size += read;
            }
            return new DiskImageArtifact(Path.GetFullPath(path), build, format, size,
                Convert.ToHexStringLower(sha256.GetHashAndReset()), Convert.ToHexStringLower(sha512.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DiskImageFormat ReadFormat(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using var stream = File.OpenRead(path);
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return DetectFormat(head[..n]);
    }
}
