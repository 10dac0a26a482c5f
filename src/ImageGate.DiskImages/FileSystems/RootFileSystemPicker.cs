using System.Text;
using ImageGate.DiskImages.Internal;
using ImageGate.FileTrees;

namespace ImageGate.DiskImages.FileSystems;

/// <summary>Finds the root file system (the one holding <c>/etc/os-release</c>) and mounts the others where its
/// <c>/etc/fstab</c> says, matching UUID=, LABEL=, PARTUUID=, a /dev/disk/by-* or /dev/sdXN style name, or an LVM
/// logical volume's /dev/mapper/vg-lv or /dev/vg/lv name.</summary>
internal static class RootFileSystemPicker
{
    public static IFileSystem Open(DiskImage image)
    {
        var candidates = image.Partitions.Where(p => p.FileSystem is not null).ToList();
        if (candidates.Count == 0) throw Fail.Bad(image.Path, "holds no file system this reader knows");
        IFileSystem? root = null;
        Partition? rootPartition = null;
        foreach (var p in candidates)
        {
            var fs = image.OpenFileSystem(p.Number);
            if (fs.GetEntry("/etc/os-release") is not null || fs.GetEntry("/usr/lib/os-release") is not null)
            {
                root = fs;
                rootPartition = p;
                break;
            }
            fs.Dispose();
        }
        if (root is null)
        {
            if (candidates.Count == 1) return image.OpenFileSystem(candidates[0].Number);
            throw Fail.Bad(image.Path, "no file system holds /etc/os-release, so none is the root; choose one with --partition");
        }
        var mounts = new List<(string, IFileSystem)>();
        foreach (var (spec, point) in ReadFstab(root))
        {
            if (point == "/" || !point.StartsWith('/')) continue;
            var match = candidates.FirstOrDefault(p => p != rootPartition && Matches(p, spec));
            if (match is null || mounts.Any(m => m.Item1 == point)) continue;
            mounts.Add((Normalize(point), image.OpenFileSystem(match.Number)));
        }
        return mounts.Count == 0 ? root : new MountedFileSystem(image.Path, root, mounts);
    }

    private static string Normalize(string point) => "/" + string.Join('/', point.Split('/', StringSplitOptions.RemoveEmptyEntries));

    private static bool Matches(Partition p, string spec)
    {
        static bool Eq(string? a, string b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        if (spec.StartsWith("UUID=", StringComparison.Ordinal)) return Eq(p.FileSystemUuid, Unquote(spec[5..]));
        if (spec.StartsWith("LABEL=", StringComparison.Ordinal)) return p.FileSystemLabel == Unquote(spec[6..]);
        if (spec.StartsWith("PARTUUID=", StringComparison.Ordinal)) return Eq(p.PartitionUuid, Unquote(spec[9..]));
        if (spec.StartsWith("PARTLABEL=", StringComparison.Ordinal)) return p.Name == Unquote(spec[10..]);
        if (spec.StartsWith("/dev/disk/by-uuid/", StringComparison.Ordinal)) return Eq(p.FileSystemUuid, spec[18..]);
        if (spec.StartsWith("/dev/disk/by-label/", StringComparison.Ordinal)) return p.FileSystemLabel == spec[19..];
        if (spec.StartsWith("/dev/disk/by-partuuid/", StringComparison.Ordinal)) return Eq(p.PartitionUuid, spec[22..]);
        // LVM: /dev/mapper/vg-lv or /dev/vg/lv
        if (p.MapperName is not null)
            return spec == "/dev/mapper/" + p.MapperName || spec == "/dev/" + p.Name;
        // /dev/sda5, /dev/vda5, /dev/nvme0n1p5: the trailing number is the partition number
        if (spec.StartsWith("/dev/", StringComparison.Ordinal) && !spec.StartsWith("/dev/mapper/", StringComparison.Ordinal))
        {
            var digits = new string(spec.Reverse().TakeWhile(char.IsAsciiDigit).Reverse().ToArray());
            return digits.Length > 0 && int.TryParse(digits, out var n) && n == p.Number;
        }
        return false;
    }

    private static string Unquote(string s) => s.Trim('"', '\'');

    private static IEnumerable<(string Spec, string Point)> ReadFstab(IFileSystem root)
    {
        var entry = root.GetEntry("/etc/fstab");
        if (entry is not { Kind: EntryKind.File } || entry.Size > 1 << 20) return [];
        using var s = root.OpenRead(entry);
        using var reader = new StreamReader(s, Encoding.UTF8);
        var result = new List<(string, string)>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var t = line.Trim();
            if (t.Length == 0 || t.StartsWith('#')) continue;
            var f = t.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 2 || (f.Length >= 3 && f[2] is "swap" or "proc" or "tmpfs" or "sysfs" or "devpts" or "none")) continue;
            result.Add((f[0], f[1].Replace("\\040", " ", StringComparison.Ordinal)));
        }
        return result;
    }
}
