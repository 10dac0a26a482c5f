using ImageGate.DiskImages;
using ImageGate.FileTrees;

namespace ImageGate.Distribution.Push;

/// <summary>The CPU architecture of an image's userland, from the ELF header of a core binary
/// (<c>/usr/bin/env</c>, <c>/bin/sh</c> …), named as Glance names it (<c>x86_64</c>, <c>aarch64</c> …).</summary>
public static class ArchitectureReader
{
    private static readonly string[] Probes = ["/usr/bin/env", "/bin/sh", "/usr/bin/ls", "/bin/ls", "/sbin/init"];

    /// <summary>The architecture, or null when no probe binary is an ELF file ImageGate knows.</summary>
    public static string? Read(IFileSystem fs)
    {
        ArgumentNullException.ThrowIfNull(fs);
        foreach (var probe in Probes)
        {
            var entry = fs.GetEntryFollowingLinks(probe);
            if (entry is null || entry.Kind != EntryKind.File) continue;
            var head = new byte[20];
            using (var s = fs.OpenRead(entry))
                if (s.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length) continue;
            if (FromElfHeader(head) is { } arch) return arch;
        }
        return null;
    }

    /// <summary>Maps an ELF header's class, byte order and <c>e_machine</c> to a Glance architecture name.</summary>
    internal static string? FromElfHeader(ReadOnlySpan<byte> head)
    {
        if (head.Length < 20 || head[0] != 0x7f || head[1] != (byte)'E' || head[2] != (byte)'L' || head[3] != (byte)'F') return null;
        var is64 = head[4] == 2;
        var little = head[5] == 1;
        var machine = little ? head[18] | (head[19] << 8) : (head[18] << 8) | head[19];
        return machine switch
        {
            0x3E => "x86_64",
            0x03 => "i686",
            0xB7 => "aarch64",
            0x28 => "armv7l",
            0xF3 => is64 ? "riscv64" : "riscv32",
            0x15 => little ? "ppc64le" : "ppc64",
            0x16 => "s390x",
            0x102 => "loongarch64",
            _ => null,
        };
    }
}
