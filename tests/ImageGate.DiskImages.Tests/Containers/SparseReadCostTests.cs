using System.Security.Cryptography;
using ImageGate.Testing;

namespace ImageGate.DiskImages.Tests.Containers;

/// <summary>Reading a 4 GiB sparse image costs host reads in proportion to its data, not its virtual size: the
/// internal counter of bytes read from the image file is compared with the data actually stored.</summary>
public sealed class SparseReadCostTests
{
    [Fact]
    public void Reading_a_4_GiB_sparse_image_reads_about_as_many_host_bytes_as_it_holds()
    {
        using var temp = new TempDirectory("ig-sparse");
        var script = """
            set -e
            cd "$1"; mkdir src
            truncate -s 3G src/huge-sparse.bin
            head -c 1048576 /dev/urandom > chunk
            dd if=chunk of=src/huge-sparse.bin bs=1M seek=2048 conv=notrunc status=none
            echo small > src/small.txt
            truncate -s 4G disk.raw
            mke2fs -q -F -t ext4 -E lazy_itable_init=1,lazy_journal_init=1 -d src disk.raw
            qemu-img convert -q -O qcow2 disk.raw disk.qcow2
            rm disk.raw
            """;
        var r = ExternalProcess.Run("bash", ["-c", script, "sparse", temp.Path], timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0, r.StandardError);
        var qcow2 = temp.Combine("disk.qcow2");
        var stored = new FileInfo(qcow2).Length;
        var expectedChunk = SHA256.HashData(File.ReadAllBytes(temp.Combine("chunk")));

        using var image = DiskImage.Open(qcow2);
        Assert.Equal(4L << 30, image.VirtualSize);
        using var fs = image.OpenFileSystem(0);
        var entry = fs.GetEntry("/huge-sparse.bin")!;
        Assert.Equal(3L << 30, entry.Size);

        // the 3 GiB file: zeros everywhere but the 1 MiB chunk at 2 GiB, read for the cost of that chunk
        var before = image.BytesRead;
        using (var s = fs.OpenRead(entry))
        {
            var buffer = new byte[4 << 20];
            long position = 0;
            int n;
            while ((n = s.Read(buffer)) > 0)
            {
                var span = buffer.AsSpan(0, n);
                if (position == 2048L << 20) Assert.Equal(expectedChunk, SHA256.HashData(span[..(1 << 20)]));
                else Assert.Equal(-1, span.IndexOfAnyExcept((byte)0));
                if (position == 2048L << 20) Assert.Equal(-1, span[(1 << 20)..].IndexOfAnyExcept((byte)0));
                position += n;
            }
            Assert.Equal(entry.Size, position);
        }
        var fileCost = image.BytesRead - before;
        Assert.True(fileCost < 4L << 20, $"reading the 3 GiB sparse file read {fileCost} bytes from the host");

        // the whole 4 GiB virtual disk: at most about what the qcow2 file stores
        before = image.BytesRead;
        var block = new byte[8 << 20];
        for (long at = 0; at < image.VirtualSize; at += block.Length) image.Disk.Read(at, block);
        var diskCost = image.BytesRead - before;
        Assert.True(diskCost <= stored, $"reading the 4 GiB disk read {diskCost} host bytes; the image file holds {stored}");
        Assert.True(stored < 64L << 20, $"the sparse qcow2 is unexpectedly large ({stored} bytes)");
    }
}
