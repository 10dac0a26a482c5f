using System.Collections.Concurrent;
using ImageGate.Core.IO;
using ImageGate.DiskImages;
using ImageGate.Scanning.Inventory;
using ImageGate.Scanning.Sbom;
using ImageGate.Testing;

namespace ImageGate.Scanning.Tests.Sbom;

/// <summary>SBOM subjects of the fixture images, read as <c>imagegate inventory</c> reads them, and the documents
/// ImageGate writes for them.</summary>
internal static class SbomFixtures
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<SbomSubject>>> Subjects = new(StringComparer.Ordinal);

    public static Task<SbomSubject> Subject(string fixture) =>
        Subjects.GetOrAdd(fixture, f => new Lazy<Task<SbomSubject>>(() => ReadAsync(f))).Value;

    /// <summary>Writes the document of <paramref name="fixture"/> in <paramref name="format"/> into <paramref name="dir"/>.</summary>
    public static async Task<string> WriteAsync(string fixture, SbomFormat format, TempDirectory dir)
    {
        var subject = await Subject(fixture);
        var file = dir.Combine($"{fixture}.{(format == SbomFormat.Spdx ? "spdx" : "cdx")}.json");
        await using (var s = File.Create(file)) SbomWriter.Write(subject, format, s);
        return file;
    }

    /// <summary>The packages of the fixture root as <c>dpkg-query --admindir=ROOT/var/lib/dpkg -W</c> lists them:
    /// "name\tversion\tarchitecture", sorted.</summary>
    public static IReadOnlyList<string> DpkgQuery(string rootFixture)
    {
        ExternalProcess.Require("dpkg-query");
        var r = ExternalProcess.Run("dpkg-query", ["--admindir=" + Path.Combine(Fixtures.Path(rootFixture), "var/lib/dpkg"), "-W",
            "-f=${Package}\t${Version}\t${Architecture}\n"]);
        Assert.True(r.ExitCode == 0, r.StandardError);
        var list = r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
        Assert.True(list.Count > 50, $"dpkg-query listed only {list.Count} packages");
        return list;
    }

    private static async Task<SbomSubject> ReadAsync(string fixture)
    {
        var path = Fixtures.Path(fixture);
        var info = ImageSource.Inspect(path);
        var image = new ImageDescription(info.Path, fixture, info.Format, info.Size);
        PackageInventory inventory;
        using (var fs = ImageSource.Open(path)) inventory = PackageInventory.Read(fs);
        if (image.Format != "directory")
        {
            var (_, sha256, sha512) = await FileDigests.ComputeAsync(path, CancellationToken.None);
            image = image with { Sha256 = sha256, Sha512 = sha512 };
        }
        return new SbomSubject(image, inventory.Os, inventory.Packages, DateTimeOffset.UtcNow);
    }
}
