namespace ImageGate.Testing.Images;

/// <summary>Raw file helpers for building disk images: sparse files and copies between byte ranges.</summary>
public static class ImageFiles
{
    /// <summary>Creates a sparse file of <paramref name="size"/> bytes.</summary>
    public static void CreateSparse(string path, long size)
    {
        using var f = new FileStream(path, FileMode.Create);
        f.SetLength(size);
    }

    /// <summary>Copies <paramref name="length"/> bytes between two files at the given offsets (building partition and LV contents).</summary>
    public static void CopyRange(string from, long fromOffset, string to, long toOffset, long length)
    {
        using var src = File.OpenHandle(from, FileMode.Open, FileAccess.Read);
        using var dst = File.OpenHandle(to, FileMode.Open, FileAccess.Write);
        var buffer = new byte[1 << 20];
        for (long done = 0; done < length;)
        {
            var n = (int)Math.Min(buffer.Length, length - done);
            RandomAccess.Read(src, buffer.AsSpan(0, n), fromOffset + done);
            RandomAccess.Write(dst, buffer.AsSpan(0, n), toOffset + done);
            done += n;
        }
    }
}
