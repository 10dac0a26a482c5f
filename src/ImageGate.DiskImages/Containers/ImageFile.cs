using Microsoft.Win32.SafeHandles;
using ImageGate.DiskImages.Internal;

namespace ImageGate.DiskImages.Containers;

/// <summary>One host file opened read-only for positional reads (thread-safe); counts the bytes it reads.</summary>
internal sealed class ImageFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private long _bytesRead;

    public ImageFile(string path)
    {
        Path = path;
        try
        {
            _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
            Length = RandomAccess.GetLength(_handle);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Fail.Bad(path, $"cannot open: {ex.Message}", ex);
        }
    }

    public string Path { get; }
    public long Length { get; }
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>; past the end is damage.</summary>
    public void Read(long offset, Span<byte> buffer)
    {
        if (offset < 0 || offset > Length || buffer.Length > Length - offset)
            throw Fail.Bad(Path, $"read of {buffer.Length} bytes at offset {offset} is past the end of the file ({Length} bytes): truncated or damaged");
        var done = 0;
        while (done < buffer.Length)
        {
            int n;
            try { n = RandomAccess.Read(_handle, buffer[done..], offset + done); }
            catch (IOException ex) { throw Fail.Bad(Path, $"read error: {ex.Message}", ex); }
            if (n == 0) throw Fail.Bad(Path, $"unexpected end of file at offset {offset + done}");
            done += n;
        }
        Interlocked.Add(ref _bytesRead, done);
    }

    /// <summary>Reads what exists of the range (a short read at the end of the file is not an error); returns the count.</summary>
    public int ReadUpTo(long offset, Span<byte> buffer)
    {
        if (offset >= Length) return 0;
        var len = (int)Math.Min(buffer.Length, Length - offset);
        Read(offset, buffer[..len]);
        return len;
    }

    public void Dispose() => _handle.Dispose();
}
