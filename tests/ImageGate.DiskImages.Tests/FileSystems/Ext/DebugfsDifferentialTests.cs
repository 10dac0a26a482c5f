using ImageGate.DiskImages.Tests.Support;
using ImageGate.Testing;

namespace ImageGate.DiskImages.Tests.FileSystems.Ext;

/// <summary>Where 7-Zip cannot go (streamOptimized VMDK), qemu-img converts the image to raw and debugfs is the oracle:
/// <c>ls -p</c> of every directory for kinds, modes, uid/gid and sizes; <c>rdump</c> for link targets and content.</summary>
public sealed class DebugfsDifferentialTests
{
    [Fact]
    public void The_streamOptimized_VMDK_reads_the_same_as_debugfs_reads_its_raw_conversion()
    {
        ExternalProcess.Require("qemu-img");
        ExternalProcess.Require("debugfs");
        var vmdk = Fixtures.Path("gpt-stream.vmdk");
        using var temp = new TempDirectory("ig-debugfs");
        var raw = temp.Combine("disk.raw");
        Assert.Equal(0, ExternalProcess.Run("qemu-img", ["convert", "-O", "raw", vmdk, raw]).ExitCode);

        using var image = DiskImage.Open(vmdk);
        Assert.Equal("vmdk", image.Format);
        var p = image.Partitions.Single();
        var device = $"{raw}?offset={p.Start}";
        var dump = temp.Combine("dump");
        Directory.CreateDirectory(dump);
        var rd = ExternalProcess.Run("debugfs", ["-R", $"rdump / {dump}", device], timeout: TimeSpan.FromMinutes(3));
        Assert.True(rd.ExitCode == 0, rd.StandardError);
        var dumped = TreeSnapshot.FromHostDirectory(dump, facts: true);

        // debugfs ls -p for every directory (rdump cannot restore setuid bits or device nodes)
        var dirs = dumped.Entries.Where(e => e.Value.Kind == "dir").Select(e => "/" + e.Key).Prepend("/").ToList();
        var commands = temp.Combine("cmds");
        File.WriteAllLines(commands, dirs.Select(d => $"ls -p \"{d}\""));
        var ls = ExternalProcess.Run("debugfs", ["-f", commands, device], timeout: TimeSpan.FromMinutes(2));
        var expected = new TreeSnapshot();
        string? current = null;
        foreach (var line in ls.StandardOutput.Split('\n'))
        {
            if (line.StartsWith("debugfs: ls -p ", StringComparison.Ordinal)) { current = line[15..].Trim('"'); continue; }
            var f = line.Split('/');
            if (current is null || f.Length < 7 || f[5] is "" or "." or "..") continue;
            var mode = Convert.ToInt32(f[2], 8);
            var kind = (mode & 0xF000) switch
            {
                0x4000 => "dir", 0xA000 => "symlink", 0x2000 => "chardev", 0x6000 => "blockdev", 0x1000 => "fifo", 0xC000 => "socket", _ => "file",
            };
            var rel = (current == "/" ? "" : current[1..] + "/") + f[5];
            expected.Entries[rel] = new EntryFacts(kind, mode & 0xFFF, long.Parse(f[3]), long.Parse(f[4]),
                kind is "file" or "symlink" ? long.Parse(f[6]) : null,
                kind == "symlink" ? dumped.Entries[rel].Target : null);
        }
        foreach (var (k, v) in dumped.Hashes) expected.Hashes[k] = v;
        Assert.True(expected.Entries.Count > 5000, $"debugfs listed only {expected.Entries.Count} entries");

        using var fs = image.OpenFileSystem(p.Number);
        TreeSnapshot.AssertSame(expected, TreeSnapshot.FromFileSystem(fs), "gpt-stream.vmdk");
    }
}
