using ImageGate.DiskImages;
using ImageGate.Testing;

namespace ImageGate.Scanning.Tests;

/// <summary>Scans of the fixture roots, each made once per test run and shared.</summary>
internal static class ScanFixtures
{
    private static readonly Lazy<Task<ScanReport>> PlantedDir = new(() => ScanAsync("planted"));
    private static readonly Lazy<Task<ScanReport>> CleanDir = new(() => ScanAsync("root"));
    private static readonly Lazy<Task<ScanReport>> PlantedTar = new(() => ScanAsync("planted.tar"));
    private static readonly Lazy<Task<ScanReport>> CleanTar = new(() => ScanAsync("root.tar"));

    public static Task<ScanReport> Planted(bool tar) => tar ? PlantedTar.Value : PlantedDir.Value;

    public static Task<ScanReport> Clean(bool tar) => tar ? CleanTar.Value : CleanDir.Value;

    public static Task<ScanReport> ScanAsync(string fixture, ScanOptions? options = null) => ScanPathAsync(Fixtures.Path(fixture), fixture, options);

    /// <summary>Scans the image at <paramref name="path"/> (a fixture or a variant made from one).</summary>
    public static async Task<ScanReport> ScanPathAsync(string path, string name, ScanOptions? options = null)
    {
        var info = ImageSource.Inspect(path);
        using var fs = ImageSource.Open(path);
        var image = new ImageDescription(info.Path, name, info.Format, info.Size);
        return await new Scanner().ScanAsync(fs, (options ?? new ScanOptions()) with { Image = image }, CancellationToken.None);
    }
}
