using System.Globalization;
using System.Security.Cryptography;
using ImageGate.DiskImages;
using ImageGate.FileTrees;

namespace ImageGate.Testing.Images;

/// <summary>One entry of a host directory tree as `find -printf` reports it (lstat: symlinks are not followed).</summary>
public sealed record HostEntry(string RelativePath, string HostPath, EntryKind Kind, int Mode, long Uid, long Gid, long Size,
    string? LinkTarget, (int Major, int Minor)? Device);

/// <summary>Reads a host tree with the real `find` and `stat`, and writes the mkfs.xfs protofile describing it.</summary>
public static class HostTree
{
    /// <summary>Every entry below <paramref name="root"/> (not the root itself), keyed by relative path.</summary>
    public static IReadOnlyList<HostEntry> Read(string root)
    {
        var result = ExternalProcess.Run("find", [root, "-mindepth", "1", "-printf", "%y\\t%m\\t%U\\t%G\\t%s\\t%P\\t%l\\0"]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"find {root} failed: {result.StandardError}");
        var entries = new List<HostEntry>();
        foreach (var record in result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = record.Split('\t');
            if (f.Length != 7)
                throw new InvalidOperationException($"a name with a tab in {root}: {record}");
            var kind = f[0] switch
            {
                "f" => EntryKind.File, "d" => EntryKind.Directory, "l" => EntryKind.Symlink, "c" => EntryKind.CharDevice,
                "b" => EntryKind.BlockDevice, "p" => EntryKind.Fifo, "s" => EntryKind.Socket,
                _ => throw new InvalidOperationException($"unknown kind {f[0]}"),
            };
            var host = Path.Combine(root, f[5]);
            (int, int)? device = null;
            if (kind is EntryKind.CharDevice or EntryKind.BlockDevice)
            {
                var st = ExternalProcess.Run("stat", ["-c", "%t %T", host]).StandardOutput.Trim().Split(' ');
                device = (int.Parse(st[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), int.Parse(st[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
            entries.Add(new HostEntry(f[5], host, kind, Convert.ToInt32(f[1], 8), long.Parse(f[2], CultureInfo.InvariantCulture),
                long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture),
                kind == EntryKind.Symlink ? f[6] : null, device));
        }
        return entries;
    }

    /// <summary>True when mkfs.xfs's protofile can express the entry (no whitespace in names or targets, no sockets).</summary>
    public static bool Expressible(HostEntry e) =>
        e.Kind != EntryKind.Socket && !IsRemoteSymlink(e)
        && !e.RelativePath.Any(char.IsWhiteSpace) && !e.RelativePath.Split('/').Any(p => p.StartsWith('$'))
        && (e.LinkTarget is null || (e.LinkTarget.Length > 0 && !e.LinkTarget.Any(char.IsWhiteSpace)));

    /// <summary>A symlink whose target does not fit in the inode. mkfs.xfs 6.1 writes such targets on v5 file
    /// systems without the block header the kernel writes (xfs_db reports a CRC error), so they are made through a mount.</summary>
    public static bool IsRemoteSymlink(HostEntry e) => e.Kind == EntryKind.Symlink && e.LinkTarget!.Length > 150;

    /// <summary>Writes a protofile for <paramref name="entries"/> and returns what a proto-only image of it must hold.</summary>
    public static Dictionary<string, HostEntry> WriteProtoFile(string protoPath, IReadOnlyList<HostEntry> entries)
    {
        using (var w = new StreamWriter(protoPath, false, new System.Text.UTF8Encoding(false)))
        {
            w.Write("boot\n0 0\nd--755 0 0\n");
            WriteProto(w, entries);
            w.Write("$\n");
        }
        var expected = new Dictionary<string, HostEntry>(StringComparer.Ordinal);
        foreach (var e in entries.Where(Expressible))
            expected["/" + e.RelativePath] = e with { Mode = e.Mode & ~0x200 }; // a protofile has no sticky bit
        return expected;
    }

    /// <summary>Protofile lines for the children of <paramref name="prefix"/> ("" for the top), recursively.</summary>
    public static void WriteProto(TextWriter w, IReadOnlyList<HostEntry> entries, string prefix = "")
    {
        var byParent = entries.Where(Expressible).ToLookup(e => Path.GetDirectoryName(e.RelativePath) ?? "");
        WriteChildren(w, byParent, prefix);
    }

    private static void WriteChildren(TextWriter w, ILookup<string, HostEntry> byParent, string parent)
    {
        foreach (var e in byParent[parent].OrderBy(e => e.RelativePath, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(e.RelativePath);
            var type = e.Kind switch
            {
                EntryKind.File => '-', EntryKind.Directory => 'd', EntryKind.Symlink => 'l', EntryKind.CharDevice => 'c',
                EntryKind.BlockDevice => 'b', EntryKind.Fifo => 'p', _ => throw new InvalidOperationException(),
            };
            var mode = $"{type}{((e.Mode & 0x800) != 0 ? 'u' : '-')}{((e.Mode & 0x400) != 0 ? 'g' : '-')}{Convert.ToString(e.Mode & 0x1FF, 8).PadLeft(3, '0')}";
            var extra = e.Kind switch
            {
                EntryKind.File => " " + e.HostPath,
                EntryKind.Symlink => " " + e.LinkTarget,
                EntryKind.CharDevice or EntryKind.BlockDevice => $" {e.Device!.Value.Major} {e.Device.Value.Minor}",
                _ => "",
            };
            w.Write($"{name} {mode} {e.Uid} {e.Gid}{extra}\n");
            if (e.Kind == EntryKind.Directory)
            {
                WriteChildren(w, byParent, e.RelativePath);
                w.Write("$\n");
            }
        }
    }

    /// <summary>SHA-256 of a stream, lower-case hex.</summary>
    public static string Sha256(Stream s) => Convert.ToHexStringLower(SHA256.HashData(s));

    /// <summary>SHA-256 of a host file.</summary>
    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Sha256(s);
    }
}
