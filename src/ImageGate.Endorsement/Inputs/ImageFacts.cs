using System.Security.Cryptography;
using ImageGate.Core.Errors;

namespace ImageGate.Endorsement.Inputs;

/// <summary>The size, digests and disk format of an image file.</summary>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256.</param>
/// <param name="Sha512">Lower-case hex SHA-512.</param>
/// <param name="Format">qcow2, vmdk, vhdx or raw (from the file's magic).</param>
public sealed record ImageFacts(long Size, string Sha256, string Sha512, string Format)
{
    /// <summary>Reads the file once, hashing it with both digests.</summary>
    public static async Task<ImageFacts> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            var buffer = new byte[1 << 20];
            var head = new byte[16];
            int headLength = 0;
            long size = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (headLength < head.Length)
                {
                    var n = Math.Min(head.Length - headLength, read);
                    Array.Copy(buffer, 0, head, headLength, n);
                    headLength += n;
                }
                sha256.AppendData(buffer, 0, read);
                sha512.AppendData(buffer, 0, read);
                size += read;
            }
            return new ImageFacts(size, Convert.ToHexStringLower(sha256.GetHashAndReset()), Convert.ToHexStringLower(sha512.GetHashAndReset()), DetectFormat(head.AsSpan(0, headLength)));
        }
        catch (FileNotFoundException ex) { throw new BadInputException("image not found", path, ex); }
        catch (DirectoryNotFoundException ex) { throw new BadInputException("image not found", path, ex); }
        catch (UnauthorizedAccessException ex) { throw new BadInputException($"cannot read the image: {ex.Message}", path, ex); }
        catch (IOException ex) { throw new BadInputException($"cannot read the image: {ex.Message}", path, ex); }
    }

    private static string DetectFormat(ReadOnlySpan<byte> head)
    {
        ReadOnlySpan<byte> qcow2 = [0x51, 0x46, 0x49, 0xfb];
        if (head.StartsWith(qcow2)) return "qcow2";
        if (head.StartsWith("KDMV"u8)) return "vmdk";
        if (head.StartsWith("vhdxfile"u8)) return "vhdx";
        return "raw";
    }
}
