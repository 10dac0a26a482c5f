using System.Globalization;
using ImageGate.Testing;
using K4os.Compression.LZ4.Streams;

namespace ImageGate.Testing.Patches;

/// <summary>The committed bookworm-security and bookworm-updates snapshot, laid out as the archive in a temp folder
/// (Packages decompressed from apt's LZ4 lists), ready to serve.</summary>
public sealed class DebianSnapshot : IDisposable
{
    private readonly TempDirectory _dir = new("imagegate-debrepo");

    public DebianSnapshot()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "Data", "debian");
        if (!Directory.Exists(data)) throw new InvalidOperationException($"test data {data} is missing");
        Fetched = DateTimeOffset.Parse(File.ReadAllText(Path.Combine(data, "FETCHED")).Trim(), CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(data, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(data, file);
            if (!rel.Contains("dists")) continue;
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

    /// <summary>The folder laid out as deb.debian.org: <c>debian/dists/…</c>, <c>debian-security/dists/…</c>.</summary>
    public string Root => _dir.Path;

    /// <summary>When apt fetched the snapshot.</summary>
    public DateTimeOffset Fetched { get; }

    public string SecurityInRelease => Path.Combine(Root, "debian-security", "dists", "bookworm-security", "InRelease");

    public string SecurityPackages => Path.Combine(Root, "debian-security", "dists", "bookworm-security", "main", "binary-amd64", "Packages");

    public string UpdatesPackages => Path.Combine(Root, "debian", "dists", "bookworm-updates", "main", "binary-amd64", "Packages");

    public void Dispose() => _dir.Dispose();
}
