using System.Buffers.Binary;
using ImageGate.DiskImages.Internal;

namespace ImageGate.DiskImages.Containers;

/// <summary>Opens an image file as a virtual disk, the format detected from magic bytes (never the file name).</summary>
internal static class ContainerOpener
{
    public static (VirtualDisk Disk, string Format) Open(string path, DiskImageOptions options) =>
        Open(Path.GetFullPath(path), options, [], 0);

    private static (VirtualDisk Disk, string Format) Open(string path, DiskImageOptions options, HashSet<string> chain, int depth)
    {
        var real = NeighbourFiles.RealPath(path);
        if (!chain.Add(real)) throw Fail.Bad(path, "backing-file chain has a cycle (the image is its own ancestor)");
        if (depth > options.MaxBackingChainDepth) throw Fail.Bad(path, $"backing-file chain is longer than {options.MaxBackingChainDepth}");
        if (Directory.Exists(path)) throw Fail.Bad(path, "is a directory, not a disk image");
        var file = new ImageFile(path);
        try
        {
            Span<byte> head = stackalloc byte[32];
            head.Clear();
            file.ReadUpTo(0, head);
            var magic = BinaryPrimitives.ReadUInt32BigEndian(head);
            if (magic == 0x514649FB)
                return (new Qcow2Disk(file, options, b => Open(b, options, chain, depth + 1).Disk), "qcow2");
            if (head[..4].SequenceEqual("KDMV"u8))
            {
                CheckEmbeddedDescriptor(file);
                return (new VmdkSparseExtent(file, options), "vmdk");
            }
            if (head[..4].SequenceEqual("COWD"u8)) throw Fail.Bad(path, "VMware ESX COWD sparse extents are not supported");
            if (head[..8].SequenceEqual("vhdxfile"u8)) return (new VhdxDisk(file, options), "vhdx");
            if (head[..8].SequenceEqual("conectix"u8))
            {
                var footer = new byte[512];
                file.Read(0, footer);
                return (new VhdDisk(file, footer, options), "vhd");
            }
            if (head[..21].SequenceEqual("# Disk DescriptorFile"u8)) return (new VmdkDescriptorDisk(file, options), "vmdk");
            if (file.Length >= 1024 && file.Length % 512 == 0)
            {
                var footer = new byte[512];
                file.Read(file.Length - 512, footer);
                if (footer.AsSpan(0, 8).SequenceEqual("conectix"u8))
                {
                    var type = BinaryPrimitives.ReadUInt32BigEndian(footer.AsSpan(60));
                    if (type != 2) return (new VhdDisk(file, footer, options), "vhd");
                    var size = (long)BinaryPrimitives.ReadUInt64BigEndian(footer.AsSpan(48));
                    if (size <= 0 || size > file.Length - 512) throw Fail.Bad(path, $"VHD fixed size {size} does not fit the file");
                    return (new SliceDisk(file, 0, size, ownsParent: true), "vhd");
                }
            }
            return (file, "raw");
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static void CheckEmbeddedDescriptor(ImageFile file)
    {
        Span<byte> h = stackalloc byte[512];
        file.Read(0, h);
        var offset = BinaryPrimitives.ReadUInt64LittleEndian(h[28..]);
        var size = BinaryPrimitives.ReadUInt64LittleEndian(h[36..]);
        if (offset == 0 || size == 0) return;
        if (size > 2048 || offset > (ulong)file.Length / 512) throw Fail.Bad(file.ImagePath, "VMDK embedded descriptor is out of range");
        var bytes = new byte[Math.Min((long)size * 512, file.Length - (long)offset * 512)];
        file.Read((long)offset * 512, bytes);
        VmdkDescriptorDisk.CheckNotDifferencing(file.ImagePath, System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\0'));
    }
}
