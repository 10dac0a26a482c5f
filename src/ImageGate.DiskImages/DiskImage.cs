using ImageGate.DiskImages.Containers;
using ImageGate.DiskImages.FileSystems;
using ImageGate.DiskImages.Internal;
using ImageGate.DiskImages.Partitions;
using ImageGate.DiskImages.Partitions.Lvm;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages;

/// <summary>A disk image opened read-only (raw, qcow2, VMDK, VHDX, VHD; format from magic bytes): its partitions and
/// the file systems inside them. Thread-safe; file systems opened from it stay valid until it is disposed.</summary>
public sealed class DiskImage : IDisposable
{
    private readonly VirtualDisk _disk;
    private readonly DiskImageOptions _options;
    private readonly Dictionary<int, (PartitionSlot Slot, IFileSystemDriver? Driver)> _slots = [];
    private readonly Dictionary<int, LvmLogicalVolume> _volumes = [];

    private DiskImage(string path, VirtualDisk disk, string format, DiskImageOptions options)
    {
        Path = path;
        _disk = disk;
        Format = format;
        _options = options;
        var table = PartitionTableReader.Read(disk, options);
        var partitions = new List<Partition>();
        IEnumerable<PartitionSlot> slots = table?.Slots ?? [new PartitionSlot(0, 0, disk.Length, "disk", null, null)];
        foreach (var slot in slots)
        {
            var found = slot.Type is "0x05" or "0x0f" or "0x85" ? null : FileSystemDrivers.Find(new SliceDisk(disk, slot.Start, slot.Length));
            _slots[slot.Number] = (slot, found?.Driver);
            partitions.Add(new Partition(slot.Number, slot.Start, slot.Length, slot.Type, slot.Name, found?.Probe.Kind)
            {
                PartitionUuid = slot.PartitionUuid,
                FileSystemUuid = found?.Probe.Uuid,
                FileSystemLabel = found?.Probe.Label,
            });
        }
        AddLogicalVolumes(partitions);
        if (table is null && partitions[0].FileSystem is null && _volumes.Count == 0) partitions.Clear();
        PartitionTable = table?.Scheme;
        Partitions = partitions;
    }

    /// <summary>LVM2: the PVs among the partitions without a file system (or the whole disk) are assembled into volume
    /// groups; every visible logical volume becomes a partition numbered after the real ones.</summary>
    private void AddLogicalVolumes(List<Partition> partitions)
    {
        var areas = _slots.Values.Where(s => s.Driver is null && s.Slot.Type is not ("0x05" or "0x0f" or "0x85"))
            .OrderBy(s => s.Slot.Number).Select(s => (s.Slot.Start, s.Slot.Length));
        var number = _slots.Count == 0 ? 1 : _slots.Keys.Max() + 1;
        foreach (var lv in LvmDiscovery.Find(_disk, areas))
        {
            var found = lv.UnsupportedReason is null ? FileSystemDrivers.Find(lv.Open()) : null;
            _slots[number] = (new PartitionSlot(number, 0, lv.Length, LvmDiscovery.PartitionType, $"{lv.VolumeGroup}/{lv.Name}", null), found?.Driver);
            _volumes[number] = lv;
            partitions.Add(new Partition(number, 0, lv.Length, LvmDiscovery.PartitionType, $"{lv.VolumeGroup}/{lv.Name}", found?.Probe.Kind)
            {
                FileSystemUuid = found?.Probe.Uuid,
                FileSystemLabel = found?.Probe.Label,
                MapperName = lv.MapperName,
            });
            number++;
        }
    }

    /// <summary>Opens the image at <paramref name="path"/>; damage or refused features raise <see cref="Core.Errors.BadInputException"/>.</summary>
    public static DiskImage Open(string path, DiskImageOptions? options = null)
    {
        options ??= DiskImageOptions.Default;
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw Fail.Bad(path, "no such file");
        var (disk, format) = Fail.Guard(path, "opening the image", () => ContainerOpener.Open(full, options));
        try
        {
            return Fail.Guard(path, "reading the partition table", () => new DiskImage(full, disk, format, options));
        }
        catch
        {
            disk.Dispose();
            throw;
        }
    }

    /// <summary>The image file's full path.</summary>
    public string Path { get; }

    /// <summary>The container format: <c>raw</c>, <c>qcow2</c>, <c>vmdk</c>, <c>vhdx</c> or <c>vhd</c>.</summary>
    public string Format { get; }

    /// <summary>The partition table: <c>gpt</c>, <c>mbr</c>, or null when the disk has none.</summary>
    public string? PartitionTable { get; }

    /// <summary>The virtual disk's size in bytes.</summary>
    public long VirtualSize => _disk.Length;

    /// <summary>The partitions (number 0 is the whole disk when it holds a file system without a table), then the
    /// visible LVM2 logical volumes (type <c>lvm</c>, name <c>vg/lv</c>) numbered after them.</summary>
    public IReadOnlyList<Partition> Partitions { get; }

    /// <summary>Bytes read from host files so far (for tests and benchmarks).</summary>
    internal long BytesRead => _disk.BytesRead;

    /// <summary>The virtual disk, for tests.</summary>
    internal VirtualDisk Disk => _disk;

    /// <summary>Opens the file system of partition <paramref name="partitionNumber"/>.</summary>
    public IFileSystem OpenFileSystem(int partitionNumber)
    {
        if (!_slots.TryGetValue(partitionNumber, out var s))
            throw Fail.Bad(Path, $"has no partition {partitionNumber} (partitions: {string.Join(", ", Partitions.Select(p => p.Number))})");
        _volumes.TryGetValue(partitionNumber, out var lv);
        if (lv?.UnsupportedReason is not null) lv.Open(); // throws: LVM logical volume vg/lv: why it cannot be read
        if (s.Driver is null) throw Fail.Bad(Path, $"partition {partitionNumber} holds no file system this reader knows");
        var kind = Partitions.First(p => p.Number == partitionNumber).FileSystem;
        var where = partitionNumber == 0 ? "the whole disk" : lv is null ? $"partition {partitionNumber}" : $"logical volume {s.Slot.Name} (partition {partitionNumber})";
        VirtualDisk volume = lv is null ? new SliceDisk(_disk, s.Slot.Start, s.Slot.Length) : lv.Open();
        return Fail.Guard(Path, $"{kind} on {where}", () =>
            s.Driver.Open(volume, $"{kind} on {where} of {System.IO.Path.GetFileName(Path)}", _options));
    }

    /// <summary>The root file system (the one holding <c>/etc/os-release</c>) with the others mounted where its
    /// <c>/etc/fstab</c> says (by UUID, LABEL, PARTUUID or /dev name) when they can be found.</summary>
    public IFileSystem OpenRootFileSystem() => RootFileSystemPicker.Open(this);

    /// <inheritdoc />
    public void Dispose() => _disk.Dispose();
}
