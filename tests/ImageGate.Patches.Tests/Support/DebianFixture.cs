using ImageGate.Core.Packages;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using ImageGate.Testing.Patches;

namespace ImageGate.Patches.Tests.Support;

/// <summary>Shared by the Debian tests: the snapshot laid out as a repository, the fixture root and its dpkg inventory.</summary>
public sealed class DebianFixture : IDisposable
{
    internal DebianSnapshot Snapshot { get; } = new();

    public DebianFixture()
    {
        Root = Fixtures.Path("root");
        Installed = ReadInstalled(Root);
        if (Installed.Count < 50) throw new InvalidOperationException($"only {Installed.Count} packages read from the fixture root");
    }

    /// <summary>The minbase Debian 12 fixture root.</summary>
    public string Root { get; }

    /// <summary>Its installed packages, as dpkg-query reports them.</summary>
    public IReadOnlyList<InstalledPackage> Installed { get; }

    public static OsRelease Os => new("debian", "12", "Debian GNU/Linux 12 (bookworm)") { VersionCodename = "bookworm" };

    internal static List<InstalledPackage> ReadInstalled(string root)
    {
        ExternalProcess.Require("dpkg-query");
        var r = ExternalProcess.Run("dpkg-query", ["--admindir", Path.Combine(root, "var/lib/dpkg"), "-W",
            "-f", "${Package}\t${Version}\t${Architecture}\t${db:Status-Status}\n"]);
        if (r.ExitCode != 0) throw new InvalidOperationException("dpkg-query failed: " + r.StandardError);
        return r.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('\t'))
            .Where(p => p.Length == 4 && p[3] == "installed")
            .Select(p => new InstalledPackage(PackageType.Deb, p[0], p[1], p[2]))
            .ToList();
    }

    internal PatchCheckOptions Options(RepositoryServer server, TimeProvider? clock = null) => new()
    {
        Mirrors = [new MirrorRewrite("http://deb.debian.org", server.BaseUrl)],
        TimeProvider = clock ?? new FixedClock(Snapshot.Fetched),
        MaxAttempts = 3,
    };

    public void Dispose() => Snapshot.Dispose();
}
