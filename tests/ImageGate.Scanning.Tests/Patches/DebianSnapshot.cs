using System.Globalization;
using ImageGate.Testing;
using K4os.Compression.LZ4.Streams;

namespace ImageGate.Scanning.Tests.Patches;

/// <summary>The Patches tests' committed bookworm-security/updates snapshot laid out as the archive in a temp folder
/// (Packages decompressed from apt's LZ4 lists), to serve on 127.0.0.1.</summary>
internal sealed class DebianSnapshot : IDisposable
{
    private readonly TempDirectory _dir = new("imagegate-scan-debrepo");

    public DebianSnapshot()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "Data", "debian");
        if (!Directory.Exists(data)) throw new InvalidOperationException($"test data {data} is missing");
        Fetched = DateTimeOffset.Parse(File.ReadAllText(Path.Combine(data, "FETCHED")).Trim(), CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(data, file);
            if (!rel.Contains("dists", StringComparison.Ordinal)) continue;
            var target = Path.Combine(_dir.Path, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (file.EndsWith(".lz4", StringComparison.Ordinal))
            {
                using var input = LZ4Stream.Decode(File.OpenRead(file));
                using var output = File.Create(target[..^4]);
                input.CopyTo(output);
            }
            else File.Copy(file, target);
            count++;
        }
        if (count < 4) throw new InvalidOperationException($"test data {data} is incomplete");
    }

    /// <summary>The folder laid out as the Debian archive host: <c>debian/dists/…</c>, <c>debian-security/dists/…</c>.</summary>
    public string Root => _dir.Path;

    /// <summary>When apt fetched the snapshot (the tests pin their clock here).</summary>
    public DateTimeOffset Fetched { get; }

    public void Dispose() => _dir.Dispose();
}
