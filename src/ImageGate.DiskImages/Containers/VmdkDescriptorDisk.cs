using System.Globalization;
using System.Text.RegularExpressions;
using ImageGate.DiskImages.Internal;

namespace ImageGate.DiskImages.Containers;

/// <summary>A VMDK text descriptor whose extents (FLAT, ZERO, SPARSE) are concatenated into one disk.</summary>
internal sealed partial class VmdkDescriptorDisk : VirtualDisk
{
    private readonly string _path;
    private readonly List<(long Start, long Length, VirtualDisk? Disk, long Offset)> _extents = [];
    private readonly List<IDisposable> _owned = [];

    public VmdkDescriptorDisk(ImageFile file, DiskImageOptions options)
    {
        _path = file.ImagePath;
        using (file)
        {
            if (file.Length > 1 << 20) throw Fail.Bad(_path, "VMDK descriptor is larger than 1 MiB");
            var bytes = new byte[file.Length];
            file.Read(0, bytes);
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            Parse(text, options);
        }
    }

    internal static void CheckNotDifferencing(string path, string descriptor)
    {
        foreach (var line in descriptor.Split('\n'))
        {
            var l = line.Trim();
            if (l.StartsWith("parentCID", StringComparison.OrdinalIgnoreCase) && !l.Contains("ffffffff", StringComparison.OrdinalIgnoreCase))
                throw Fail.Bad(path, "VMDK is a delta (differencing) disk with a parent; refused");
            if (l.StartsWith("createType", StringComparison.OrdinalIgnoreCase) && l.Contains("vmfs", StringComparison.OrdinalIgnoreCase) && l.Contains("Sparse", StringComparison.OrdinalIgnoreCase))
                throw Fail.Bad(path, $"VMDK create type in '{l}' is not supported");
        }
    }

    private void Parse(string text, DiskImageOptions options)
    {
        CheckNotDifferencing(_path, text);
        long start = 0;
        foreach (var raw in text.Split('\n'))
        {
            var m = ExtentLine().Match(raw.Trim());
            if (!m.Success) continue;
            if (_extents.Count >= 1024) throw Fail.Bad(_path, "VMDK descriptor has more than 1024 extents");
            var sectors = long.Parse(m.Groups["sectors"].Value, CultureInfo.InvariantCulture);
            if (sectors <= 0 || sectors > options.MaxVirtualSize / 512 || start + sectors * 512 > options.MaxVirtualSize)
                throw Fail.Bad(_path, $"VMDK extent of {sectors} sectors is invalid");
            var type = m.Groups["type"].Value.ToUpperInvariant();
            var length = sectors * 512;
            switch (type)
            {
                case "ZERO":
                    _extents.Add((start, length, null, 0));
                    break;
                case "FLAT":
                {
                    var target = NeighbourFiles.Resolve(_path, m.Groups["file"].Value, options, "VMDK extent");
                    var offset = m.Groups["offset"].Success ? long.Parse(m.Groups["offset"].Value, CultureInfo.InvariantCulture) * 512 : 0;
                    var f = new ImageFile(target);
                    _owned.Add(f);
                    if (offset < 0 || offset + length > f.Length) throw Fail.Bad(_path, $"VMDK flat extent '{m.Groups["file"].Value}' is shorter ({f.Length} bytes) than the descriptor says");
                    _extents.Add((start, length, f, offset));
                    break;
                }
                case "SPARSE":
                {
                    var target = NeighbourFiles.Resolve(_path, m.Groups["file"].Value, options, "VMDK extent");
                    var sparse = new VmdkSparseExtent(new ImageFile(target), options);
                    _owned.Add(sparse);
                    if (sparse.Length < length) throw Fail.Bad(_path, $"VMDK sparse extent '{m.Groups["file"].Value}' is smaller than the descriptor says");
                    _extents.Add((start, length, sparse, 0));
                    break;
                }
                default:
                    throw Fail.Bad(_path, $"VMDK extent type {type} is not supported");
            }
            start += length;
        }
        if (_extents.Count == 0) throw Fail.Bad(_path, "VMDK descriptor lists no extents");
        _length = start;
    }

    [GeneratedRegex("""^(?<access>RW|RDONLY|NOACCESS)\s+(?<sectors>\d{1,18})\s+(?<type>\w+)(\s+"(?<file>[^"]*)"(\s+(?<offset>\d{1,18}))?)?""", RegexOptions.IgnoreCase)]
    private static partial Regex ExtentLine();

    public override string ImagePath => _path;
    public override long Length => _length;
    private long _length;
    public override long BytesRead => _extents.Sum(e => e.Disk?.BytesRead ?? 0);

    protected override void ReadCore(long offset, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var e = _extents.FindLast(x => x.Start <= offset);
            var within = offset - e.Start;
            var chunk = (int)Math.Min(buffer.Length, e.Length - within);
            if (e.Disk is null) buffer[..chunk].Clear();
            else e.Disk.Read(e.Offset + within, buffer[..chunk]);
            buffer = buffer[chunk..];
            offset += chunk;
        }
    }

    public override void Dispose()
    {
        foreach (var o in _owned) o.Dispose();
    }
}
