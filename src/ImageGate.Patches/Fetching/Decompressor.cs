using System.IO.Compression;
using ImageGate.Core.Errors;
using SharpCompress.Compressors.Xz;
using ZstdSharp;

namespace ImageGate.Patches.Fetching;

/// <summary>Decompresses index files by their name (<c>.xz</c>, <c>.gz</c>, <c>.zst</c>, <c>.bz2</c>, plain) with a size limit.</summary>
internal static class Decompressor
{
    public static byte[] Decompress(string name, byte[] data, long maxBytes, string repository)
    {
        try
        {
            Stream? stream = Path.GetExtension(name).ToLowerInvariant() switch
            {
                ".xz" => new XZStream(new MemoryStream(data)),
                ".gz" => new GZipStream(new MemoryStream(data), CompressionMode.Decompress),
                ".zst" or ".zstd" => new DecompressionStream(new MemoryStream(data)),
                ".bz2" => SharpCompress.Compressors.BZip2.BZip2Stream.Create(new MemoryStream(data), SharpCompress.Compressors.CompressionMode.Decompress, false),
                _ => null,
            };
            if (stream is null) return data;
            using (stream)
            {
                using var ms = new MemoryStream();
                var buffer = new byte[81920];
                int n;
                while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    if (ms.Length + n > maxBytes)
                        throw new BadInputException($"repository {repository}: {name} decompresses to more than {maxBytes} bytes");
                    ms.Write(buffer, 0, n);
                }
                return ms.ToArray();
            }
        }
        catch (Exception e) when (e is not ImageGateException and not OperationCanceledException)
        {
            throw new BadInputException($"repository {repository}: {name} cannot be decompressed: {e.Message}", null, e);
        }
    }
}
