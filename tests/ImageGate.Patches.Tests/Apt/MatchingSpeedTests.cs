using System.Diagnostics;
using ImageGate.Core.Packages;
using ImageGate.Patches.Apt;
using ImageGate.Patches.Tests.Support;
using ImageGate.Testing.Patches;

namespace ImageGate.Patches.Tests.Apt;

public class MatchingSpeedTests
{
    [Fact]
    public void Matching_5000_installed_packages_against_the_full_security_index_takes_under_a_second()
    {
        using var snapshot = new DebianSnapshot();
        var bytes = File.ReadAllBytes(snapshot.SecurityPackages);
        var watch = Stopwatch.StartNew();
        var index = new PackagesIndex();
        index.Add(bytes);
        var names = File.ReadLines(snapshot.SecurityPackages)
            .Where(l => l.StartsWith("Package: ", StringComparison.Ordinal)).Select(l => l[9..]).Distinct().ToList();
        Assert.True(names.Count > 1000, $"the security index has only {names.Count} packages");
        // 5,000 installed packages: every indexed name at an old version, the rest unknown to the index.
        var installed = Enumerable.Range(0, 5000)
            .Select(i => i < names.Count
                ? new InstalledPackage(PackageType.Deb, names[i], "0.1-1", "amd64")
                : new InstalledPackage(PackageType.Deb, $"local-package-{i}", "1.0-1", "amd64"))
            .ToList();
        var source = new RepositorySource(RepositoryKind.Deb, "security", ["http://example.invalid"]);
        var metadata = new RepositoryMetadata("security", "http://example.invalid/InRelease", null, "sha256:", Security: true);
        var (security, _) = AptMatcher.Match(installed, [new AptRepositoryData(source, metadata, index, true)]);
        watch.Stop();
        Assert.True(security.Count >= Math.Min(names.Count, 5000) / 2, $"only {security.Count} matches");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"parsing and matching took {watch.Elapsed.TotalMilliseconds:F0} ms");
    }
}
