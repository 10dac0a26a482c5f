using ImageGate.FileTrees;

namespace ImageGate.Scanning.Services;

/// <summary>The image's systemd units as its unit files and links say, the way <c>systemctl is-enabled</c> would
/// read them offline: a unit is <em>masked</em> when its highest-priority unit file (<c>/etc</c> before
/// <c>/usr/lib</c> and <c>/lib</c>) is a link to <c>/dev/null</c> or empty; it is <em>enabled</em> when a
/// <c>*.wants/</c>, <c>*.requires/</c> or <c>*.upholds/</c> folder of a unit directory links it (by its name or an
/// alias such as <c>syslog.service</c> for <c>rsyslog.service</c>). Presets are not applied: in a built image
/// the package scripts have already turned them into links.</summary>
internal sealed class SystemdUnits
{
    private static readonly string[] UnitDirs =
        ["/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system"];

    private readonly IFileSystem fs;
    private readonly Lazy<List<(string Name, string? Target)>> links;

    public SystemdUnits(IFileSystem fs)
    {
        this.fs = fs;
        links = new(ReadLinks);
    }

    /// <summary>True when systemd is the image's service manager (its binary is installed).</summary>
    public bool IsSystemd => FileTree.AnyExists(fs, "/usr/lib/systemd/systemd", "/lib/systemd/systemd");

    /// <summary>The highest-priority entry for <paramref name="unit"/> in the unit directories, or null.</summary>
    public FileEntry? Find(string unit)
    {
        foreach (var dir in UnitDirs)
            if (fs.GetEntry($"{dir}/{unit}") is { } e) return e;
        return null;
    }

    /// <summary>The state of <paramref name="unit"/>, with the path that decides it (the masking link, the unit file).</summary>
    public (UnitState State, string? Path) State(string unit)
    {
        var entry = Find(unit);
        if (entry is null) return (UnitState.Missing, null);
        if (IsMask(entry)) return (UnitState.Masked, entry.Path);
        return (IsEnabled(unit) ? UnitState.Enabled : UnitState.Disabled, entry.Path);
    }

    private bool IsMask(FileEntry e) =>
        e is { Kind: EntryKind.Symlink, LinkTarget: { } target } ? FileTree.Normalize(target) == "/dev/null"
        : e.Kind is EntryKind.File && e.Size == 0 || e.Kind is EntryKind.CharDevice;

    /// <summary>True when a wants/requires/upholds link names the unit or one of its aliases.</summary>
    private bool IsEnabled(string unit)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { unit };
        // Aliases: a link in a unit directory whose target is the unit (syslog.service -> rsyslog.service).
        foreach (var dir in UnitDirs)
            foreach (var e in fs.List(dir))
                if (e is { Kind: EntryKind.Symlink, LinkTarget: { } t } && TargetName(t) == unit) names.Add(e.Name);
        return links.Value.Any(l => names.Contains(l.Name) || (l.Target is { } t && names.Contains(TargetName(t))));
    }

    private List<(string, string?)> ReadLinks()
    {
        var list = new List<(string, string?)>();
        foreach (var dir in UnitDirs)
            foreach (var d in fs.List(dir))
            {
                if (d.Kind != EntryKind.Directory || !(d.Name.EndsWith(".wants", StringComparison.Ordinal) ||
                    d.Name.EndsWith(".requires", StringComparison.Ordinal) || d.Name.EndsWith(".upholds", StringComparison.Ordinal)))
                    continue;
                foreach (var l in fs.List(d.Path))
                    if (!IsMask(l)) list.Add((l.Name, l.LinkTarget));
            }
        return list;
    }

    private static string TargetName(string target) => target[(target.LastIndexOf('/') + 1)..];
}
