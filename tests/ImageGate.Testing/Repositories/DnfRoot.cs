namespace ImageGate.Testing.Repositories;

/// <summary>An rpm root managed by the real dnf (Debian's dnf 4 with libdnf's swdb): packages go in with
/// <c>dnf --installroot</c> from local repositories (<see cref="ElTestRepository"/>) or local files, so the root holds
/// the rpm database and the history database (<c>/var/lib/dnf/history.sqlite</c>) dnf itself wrote.</summary>
public sealed class DnfRoot
{
    private readonly string _home;
    private readonly string _cache;

    /// <summary>A root at <paramref name="root"/> (created), with dnf's cache and a private HOME beside it in <paramref name="workDir"/>.</summary>
    public DnfRoot(string root, string workDir)
    {
        ExternalProcess.Require("dnf");
        Root = root;
        Directory.CreateDirectory(root);
        _home = Path.Combine(workDir, "dnf-home");
        _cache = Path.Combine(workDir, "dnf-cache");
        Directory.CreateDirectory(_home);
        // Debian's rpm puts its database in ~/.rpmdb; an EL root has it in /var/lib/rpm.
        File.WriteAllText(Path.Combine(_home, ".rpmmacros"), "%_dbpath /var/lib/rpm\n");
    }

    /// <summary>The root directory.</summary>
    public string Root { get; }

    /// <summary>Runs one dnf command (e.g. <c>install NAME</c>, <c>upgrade</c>, <c>install ./file.rpm</c>) with the
    /// repositories given as id → directory; returns dnf's standard output, fails with dnf's output when dnf fails.</summary>
    public string Run(IReadOnlyDictionary<string, string> repositories, params string[] command)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        string[] options =
        [
            "-y", "--installroot", Root, "--releasever", "9", "--setopt=reposdir=/dev/null", $"--setopt=cachedir={_cache}",
            "--setopt=install_weak_deps=False", "--nogpgcheck", "--disableplugin=*",
            .. repositories.Select(r => $"--repofrompath={r.Key},file://{r.Value}"),
        ];
        var r = ExternalProcess.Run("dnf", [.. options, .. command], environment: new Dictionary<string, string> { ["HOME"] = _home },
            timeout: TimeSpan.FromMinutes(5));
        if (r.ExitCode != 0) throw new InvalidOperationException($"dnf {string.Join(' ', command)} failed ({r.ExitCode}): {r.StandardError}{r.StandardOutput}");
        return r.StandardOutput;
    }
}
