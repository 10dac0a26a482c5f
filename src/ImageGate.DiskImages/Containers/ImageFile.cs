using ImageGate.Core.Errors;
using ImageGate.DiskImages.Internal;
using Microsoft.Win32.SafeHandles;

namespace ImageGate.DiskImages.Containers;

/// <summary>One host file opened read-only for positional reads (thread-safe), counting the bytes it reads: the
/// virtual disk a raw image (or a block device, or a flat VMDK extent) is as it is, and the host file a container
/// (qcow2, VMDK, VHDX, VHD) reads its metadata and data from.</summary>
internal sealed class ImageFile : VirtualDisk
{
    private readonly SafeFileHandle _handle;
    private long _bytesRead;

    public ImageFile(string path)
    {
        ImagePath = path;
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

    public override string ImagePath { get; }
    public override long Length { get; }
    public override long BytesRead => Interlocked.Read(ref _bytesRead);

    protected override BadInputException Outside(long offset, int count) =>
        Fail.Bad(ImagePath, $"read of {count} bytes at offset {offset} is past the end of the file ({Length} bytes): truncated or damaged");

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes at <paramref name="offset"/> (inside the file).</summary>
    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            int n;
            try { n = RandomAccess.Read(_handle, buffer[done..], offset + done); }
            catch (IOException ex) { throw Fail.Bad(ImagePath, $"read error: {ex.Message}", ex); }
            if (n == 0) throw Fail.Bad(ImagePath, $"unexpected end of file at offset {offset + done}");
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

    public override void Dispose() => _handle.Dispose();
}
