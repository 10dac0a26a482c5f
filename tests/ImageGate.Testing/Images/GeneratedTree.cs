namespace ImageGate.Testing.Images;

/// <summary>A generated source tree (built once per test process, removed when it ends), big enough to force XFS
/// block, leaf and node directories, with every kind of entry (big, empty and non-ASCII-named files, set-id bits,
/// short, long and absolute symlinks, a fifo, devices, an owned file): the XFS images and the LVM volumes put it
/// in their file systems.</summary>
public static class GeneratedTree
{
    private static readonly Lazy<string> Lazy = TempDirectory.OncePerProcess("imagegate-gen", Build);

    /// <summary>The tree's host folder (built on first use).</summary>
    public static string Path => Lazy.Value;

    private static string Build(string work)
    {
        var gen = System.IO.Path.Combine(work, "gen");
        Directory.CreateDirectory(gen);
        var rng = new Random(1234);
        void Write(string rel, int size)
        {
            var bytes = new byte[size];
            rng.NextBytes(bytes);
            File.WriteAllBytes(System.IO.Path.Combine(gen, rel), bytes);
        }
        Directory.CreateDirectory(System.IO.Path.Combine(gen, "block"));
        for (var i = 0; i < 40; i++) Write($"block/file-{i:D3}", 100 + i);
        Directory.CreateDirectory(System.IO.Path.Combine(gen, "leaf"));
        for (var i = 0; i < 400; i++) Write($"leaf/leaf-entry-with-a-longer-name-{i:D4}", i % 7 == 0 ? 5000 : 10);
        Directory.CreateDirectory(System.IO.Path.Combine(gen, "node"));
        for (var i = 0; i < 2500; i++) File.WriteAllBytes(System.IO.Path.Combine(gen, "node", $"node-directory-entry-with-quite-a-long-name-{i:D5}"), []);
        var kinds = System.IO.Path.Combine(gen, "kinds");
        Directory.CreateDirectory(kinds);
        Write("kinds/big.bin", 3 * 1024 * 1024 + 17);
        Write("kinds/empty", 0);
        Write("kinds/héllo-wörld", 12);
        Write("kinds/setuid", 64);
        Write("kinds/owned", 64);
        File.CreateSymbolicLink(System.IO.Path.Combine(kinds, "short-link"), "big.bin");
        File.CreateSymbolicLink(System.IO.Path.Combine(kinds, "long-link"), string.Join('/', Enumerable.Range(0, 60).Select(i => $"dir{i:D5}")));
        File.CreateSymbolicLink(System.IO.Path.Combine(kinds, "absolute-link"), "/etc/os-release");
        Directory.CreateDirectory(System.IO.Path.Combine(kinds, "setgid-dir"));
        Directory.CreateDirectory(System.IO.Path.Combine(kinds, "sticky-dir"));
        Tool.Run("mkfifo", [System.IO.Path.Combine(kinds, "fifo")]);
        Tool.Run("mknod", [System.IO.Path.Combine(kinds, "null"), "c", "1", "3"]);
        Tool.Run("mknod", [System.IO.Path.Combine(kinds, "loop9"), "b", "7", "9"]);
        Tool.Run("chmod", ["4755", System.IO.Path.Combine(kinds, "setuid")]);
        Tool.Run("chmod", ["2775", System.IO.Path.Combine(kinds, "setgid-dir")]);
        Tool.Run("chmod", ["1777", System.IO.Path.Combine(kinds, "sticky-dir")]);
        Tool.Run("chmod", ["0600", System.IO.Path.Combine(kinds, "owned")]);
        Tool.Run("chown", ["1234:5678", System.IO.Path.Combine(kinds, "owned")]);
        return gen;
    }
}
