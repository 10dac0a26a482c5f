using ImageGate.Core.Errors;
using Microsoft.Win32.SafeHandles;

namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>A raw image file (or a block device) as an <see cref="IByteSource"/>; positional reads only.</summary>
internal sealed class FileByteSource : IByteSource, IDisposable
{
    private readonly SafeFileHandle handle;

    private FileByteSource(string path, SafeFileHandle handle, long length)
    {
        Name = path;
        this.handle = handle;
        Length = length;
    }

    /// <summary>Opens <paramref name="path"/> for reading.</summary>
    public static FileByteSource Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return new FileByteSource(path, handle, RandomAccess.GetLength(handle));
    }

    public string Name { get; }

    public long Length { get; }

    public void ReadAt(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > Length - buffer.Length)
            throw new BadInputException($"read of {buffer.Length} bytes at offset {offset} is beyond the end of the image ({Length} bytes): truncated?", Name);
        while (buffer.Length > 0)
        {
            var n = RandomAccess.Read(handle, buffer, offset);
            if (n <= 0)
                throw new BadInputException($"unexpected end of file at offset {offset}", Name);
            buffer = buffer[n..];
            offset += n;
        }
    }

    public void Dispose() => handle.Dispose();
}
