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

    /// <summary>Writes, with sfdisk, a GPT with the layout of an EL cloud image: partition 1 "boot" (Linux file system)
    /// and partition 2 "lvm" (an LVM physical volume), at the given sectors.</summary>
    public static void PartitionBootAndLvm(string disk, long bootStart, long bootSectors, long pvStart, long pvSectors) =>
        Tool.Run("sfdisk", ["-q", disk], input: System.Text.Encoding.ASCII.GetBytes(
            $"label: gpt\nstart={bootStart}, size={bootSectors}, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, name=\"boot\"\n" +
            $"start={pvStart}, size={pvSectors}, type=E6D6D379-F507-44C2-A23C-238F2A3DF928, name=\"lvm\"\n"));
}
