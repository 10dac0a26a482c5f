using ImageGate.Testing;

namespace ImageGate.Scanning.Tests;

/// <summary>A variant of the real Debian 12 cloud root (tests/fixtures/cloud/build-cloud-root.sh): a copy of
/// debian12-cloud-root.tar with files planted the way a build leaves them (made by the real tools: useradd, ssh-keygen,
/// openssl, dpkg) and appended with tar, or entries removed with <c>tar --delete</c>. A later tar entry replaces an
/// earlier one, as when the archive is extracted.</summary>
internal sealed class CloudVariant : IDisposable
{
    public const string Fixture = "debian12-cloud-root.tar";

    private readonly TempDirectory dir = new("imagegate-cloud-variant");
    private readonly SortedSet<string> planted = new(StringComparer.Ordinal);

    public CloudVariant()
    {
        Tar = dir.Combine("variant.tar");
        File.Copy(Fixtures.Path(Fixture), Tar);
        Staging = dir.Combine("root");
        Directory.CreateDirectory(Staging);
    }

    /// <summary>The variant archive.</summary>
    public string Tar { get; }

    /// <summary>The folder the planted files are made in (its paths mirror the image's).</summary>
    public string Staging { get; }

    /// <summary>The host path of <paramref name="path"/> (absolute inside the image) in the staging folder.</summary>
    public string Host(string path) => Path.Combine(Staging, path.TrimStart('/'));

    /// <summary>Copies entries of the cloud root into the staging folder, to be changed there (and appended).</summary>
    public void Extract(params string[] paths)
    {
        Tools("tar", ["-xf", Fixtures.Path(Fixture), "-C", Staging, .. paths.Select(p => "." + p)]);
        foreach (var p in paths) planted.Add(p);
    }

    /// <summary>Writes a file (its folders are made) and marks it for appending.</summary>
    public void Write(string path, string text, UnixFileMode? mode = null)
    {
        var host = Host(path);
        Directory.CreateDirectory(Path.GetDirectoryName(host)!);
        File.WriteAllText(host, text);
        if (mode is { } m && !OperatingSystem.IsWindows()) File.SetUnixFileMode(host, m);
        planted.Add(path);
    }

    /// <summary>Makes a symlink (e.g. a unit masked by a link to /dev/null) and marks it for appending.</summary>
    public void Symlink(string path, string target)
    {
        var host = Host(path);
        Directory.CreateDirectory(Path.GetDirectoryName(host)!);
        File.CreateSymbolicLink(host, target);
        planted.Add(path);
    }

    /// <summary>Marks files or folders made in the staging folder by a tool for appending.</summary>
    public void Plant(params string[] paths)
    {
        foreach (var p in paths) planted.Add(p);
    }

    /// <summary>Removes entries from the archive (<c>tar --delete</c>).</summary>
    public void Delete(params string[] paths) => Tools("tar", ["--delete", "-f", Tar, .. paths.Select(p => "." + p)]);

    /// <summary>Runs a tool that plants files; fails the test when it fails.</summary>
    public static void Tools(string program, IEnumerable<string> arguments, string? stdin = null)
    {
        ExternalProcess.Require(program);
        var r = ExternalProcess.Run(program, arguments, input: stdin is null ? null : System.Text.Encoding.UTF8.GetBytes(stdin));
        if (r.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {r.StandardError}");
    }

    /// <summary>Appends what was planted and scans the variant.</summary>
    public async Task<ScanReport> ScanAsync(ScanOptions? options = null)
    {
        if (planted.Count > 0)
            Tools("tar", ["-rf", Tar, "-C", Staging, "--no-recursion", .. ExpandPlanted()]);
        planted.Clear();
        return await ScanFixtures.ScanPathAsync(Tar, "debian12-cloud-variant.tar", options);
    }

    /// <summary>The planted paths with everything below planted folders (tar gets each entry once, in order).</summary>
    private IEnumerable<string> ExpandPlanted()
    {
        foreach (var p in planted)
        {
            yield return "." + p;
            var host = Host(p);
            if (Directory.Exists(host) && !File.GetAttributes(host).HasFlag(FileAttributes.ReparsePoint))
                foreach (var e in Directory.EnumerateFileSystemEntries(host, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    yield return "." + e[Staging.Length..];
        }
    }

    public void Dispose() => dir.Dispose();
}
