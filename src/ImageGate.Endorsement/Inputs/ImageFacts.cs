using ImageGate.Core.Errors;
using ImageGate.Core.IO;

namespace ImageGate.Endorsement.Inputs;

/// <summary>The size, digests and disk format of an image file.</summary>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256.</param>
/// <param name="Sha512">Lower-case hex SHA-512.</param>
/// <param name="Format">qcow2, vmdk, vhdx or raw (from the file's magic).</param>
public sealed record ImageFacts(long Size, string Sha256, string Sha512, string Format)
{
    /// <summary>Reads the file once, hashing it with both digests (<see cref="FileDigests"/>), and its first bytes for the format.</summary>
    public static async Task<ImageFacts> ComputeAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var (size, sha256, sha512) = await FileDigests.ComputeAsync(path, cancellationToken).ConfigureAwait(false);
            var head = new byte[16];
            int headLength;
            await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous))
                headLength = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return new ImageFacts(size, sha256, sha512, DetectFormat(head.AsSpan(0, headLength)));
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
