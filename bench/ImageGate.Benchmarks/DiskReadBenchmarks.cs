using BenchmarkDotNet.Attributes;
using ImageGate.DiskImages;
using ImageGate.FileTrees;

namespace ImageGate.Benchmarks;

/// <summary>The disk reader: the qcow2 container read sequentially through its cluster map, and the ext4 file
/// system walked and every regular file read (what a scan does before any rule runs).</summary>
[MemoryDiagnoser]
public class DiskReadBenchmarks
{
    private string _qcow2 = "";
    private string _raw = "";
    private DiskImage? _image;
    private IFileSystem? _fs;
    private FileEntry[] _files = [];
    private readonly byte[] _buffer = new byte[1024 * 1024];

    [GlobalSetup]
    public void Setup()
    {
        _qcow2 = RepositoryPaths.Fixture("gpt.qcow2");
        _raw = RepositoryPaths.Fixture("ext4.raw");
        _image = DiskImage.Open(_qcow2);
        _fs = ImageSource.Open(_raw);
        _files = _fs.Walk("/").Where(e => e.Kind == EntryKind.File).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fs?.Dispose();
        _image?.Dispose();
    }

    /// <summary>Every virtual byte of gpt.qcow2 (allocated clusters and holes), 1 MiB at a time.</summary>
    [Benchmark]
    public long Qcow2_sequential_read()
    {
        var disk = _image!.Disk;
        long sum = 0;
        for (long offset = 0; offset < disk.Length; offset += _buffer.Length)
        {
            var n = (int)Math.Min(_buffer.Length, disk.Length - offset);
            disk.Read(offset, _buffer.AsSpan(0, n));
            sum += _buffer[0];
        }
        return sum;
    }

    /// <summary>Opens gpt.qcow2 and its root file system and walks the tree (metadata only).</summary>
    [Benchmark]
    public int Qcow2_open_and_walk()
    {
        using var fs = ImageSource.Open(_qcow2);
        return fs.Walk("/").Count();
    }

    /// <summary>Reads the content of every regular file of ext4.raw.</summary>
    [Benchmark]
    public long Ext4_read_all_files()
    {
        long total = 0;
        foreach (var file in _files)
        {
            using var stream = _fs!.OpenRead(file);
            int n;
            while ((n = stream.Read(_buffer)) > 0) total += n;
        }
        return total;
    }
}
