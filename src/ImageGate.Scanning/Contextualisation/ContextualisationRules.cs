using ImageGate.FileTrees;
using ImageGate.Scanning.Rules;
using ImageGate.Scanning.Services;

namespace ImageGate.Scanning.Contextualisation;

/// <summary><c>contextualisation/*</c>: an agent the site can inject credentials through, enabled at boot and with a
/// data source the sites provide; no SSH root password login.</summary>
internal static class ContextualisationRules
{
    /// <summary>Rule id <c>contextualisation/no-agent</c>.</summary>
    internal const string NoAgent = "contextualisation/no-agent";

    /// <summary>Rule id <c>contextualisation/ssh-root-password-login</c>.</summary>
    internal const string SshRootPasswordLogin = "contextualisation/ssh-root-password-login";

    /// <summary>Rule id <c>contextualisation/no-datasource</c>.</summary>
    internal const string NoDatasource = "contextualisation/no-datasource";

    /// <summary>The cloud-init data sources through which the sites of a federated cloud (OpenStack, OpenNebula,
    /// a seed image) hand an instance its credentials.</summary>
    internal static readonly string[] SiteDatasources = ["OpenStack", "ConfigDrive", "NoCloud", "OpenNebula"];

    private static readonly string[] CloudInitUnits =
        ["cloud-init-local.service", "cloud-init-main.service", "cloud-init.service", "cloud-init-network.service", "cloud-config.service", "cloud-final.service"];

    private static readonly string[] OneContextUnits = ["one-context-local.service", "one-context.service"];

    public static IEnumerable<RawFinding> Run(IFileSystem fs)
    {
        var findings = new List<RawFinding>();
        var units = new SystemdUnits(fs);
        var off = new List<(string Path, string Message)>();
        var cloudInit = FileTree.AnyExists(fs, "/usr/bin/cloud-init", "/usr/local/bin/cloud-init");
        var cloudInitOn = cloudInit && AgentOn(units, "cloud-init", CloudInitUnits, CloudInitDisabled(fs, units), off);
        var oneContext = FileTree.AnyExists(fs, "/usr/sbin/one-contextd", "/usr/sbin/one-context");
        var oneContextOn = oneContext && AgentOn(units, "one-context", OneContextUnits, null, off);
        var other = FileTree.AnyExists(fs, "/usr/bin/amiconfig", "/usr/bin/coreos-cloudinit", "/usr/bin/afterburn", "/usr/sbin/waagent", "/usr/bin/google_guest_agent");
        if (!cloudInitOn && !oneContextOn && !other)
        {
            if (off.Count == 0)
                findings.Add(new(NoAgent, "/", "no contextualisation agent (cloud-init, one-context or equivalent) is installed"));
            else
                findings.Add(new(NoAgent, off[0].Path, string.Join("; ", off.Select(o => o.Message)) + ": the site cannot inject its credentials"));
        }
        if (cloudInitOn && Datasources(fs) is { } list && !list.Names.Any(n => SiteDatasources.Contains(n, StringComparer.OrdinalIgnoreCase)))
            findings.Add(new(NoDatasource, list.Path,
                $"cloud-init's datasource_list [{string.Join(", ", list.Names)}] names none of the data sources cloud sites provide ({string.Join(", ", SiteDatasources)})"));

        var sshd = EffectiveSshd(fs);
        if (sshd.TryGetValue("permitrootlogin", out var root) && root.Value == "yes" &&
            (!sshd.TryGetValue("passwordauthentication", out var pw) || pw.Value != "no"))
            findings.Add(new(SshRootPasswordLogin, root.Path,
                "sshd permits root login with a password (PermitRootLogin yes, PasswordAuthentication not no)"));
        return findings;
    }

    /// <summary>True when the agent starts at boot: on a systemd image its units that exist are all enabled and none is
    /// masked, and no marker disables it; otherwise the reason is added to <paramref name="off"/>.</summary>
    private static bool AgentOn(SystemdUnits units, string name, string[] unitNames, (string Path, string Why)? disabled,
        List<(string Path, string Message)> off)
    {
        if (disabled is { } d)
        {
            off.Add((d.Path, $"{name} is installed but disabled: {d.Why}"));
            return false;
        }
        if (!units.IsSystemd) return true;
        var states = unitNames.Select(u => (Unit: u, State: units.State(u))).Where(x => x.State.State != UnitState.Missing).ToList();
        if (states.Count == 0)
        {
            off.Add(("/", $"{name} is installed but has no systemd unit to start it"));
            return false;
        }
        var masked = states.Where(x => x.State.State == UnitState.Masked).ToList();
        if (masked.Count > 0)
        {
            off.Add((masked[0].State.Path!, $"{name} is installed but {string.Join(", ", masked.Select(m => m.Unit))} {(masked.Count > 1 ? "are" : "is")} masked (linked to /dev/null)"));
            return false;
        }
        var disabledUnits = states.Where(x => x.State.State == UnitState.Disabled).ToList();
        if (disabledUnits.Count > 0)
        {
            off.Add((disabledUnits[0].State.Path!, $"{name} is installed but {string.Join(", ", disabledUnits.Select(m => m.Unit))} {(disabledUnits.Count > 1 ? "are" : "is")} not enabled (no *.wants/ link starts {(disabledUnits.Count > 1 ? "them" : "it")} at boot)"));
            return false;
        }
        return true;
    }

    /// <summary>What disables cloud-init as a whole: <c>/etc/cloud/cloud-init.disabled</c>, <c>cloud-init=disabled</c> on
    /// the kernel command line the image configures, or a masked <c>cloud-init.target</c>.</summary>
    private static (string Path, string Why)? CloudInitDisabled(IFileSystem fs, SystemdUnits units)
    {
        if (fs.GetEntry("/etc/cloud/cloud-init.disabled") is not null)
            return ("/etc/cloud/cloud-init.disabled", "/etc/cloud/cloud-init.disabled exists");
        foreach (var path in new[] { "/etc/default/grub", "/etc/kernel/cmdline" })
            if (FileTree.ReadText(fs, path) is { } text && text.Split('\n').Any(l => !l.TrimStart().StartsWith('#') && l.Contains("cloud-init=disabled", StringComparison.Ordinal)))
                return (path, $"the kernel command line in {path} has cloud-init=disabled");
        if (units.State("cloud-init.target") is (UnitState.Masked, { } target))
            return (target, "cloud-init.target is masked (linked to /dev/null)");
        return null;
    }

    /// <summary>cloud-init's effective <c>datasource_list</c>: the last one set in <c>/etc/cloud/cloud.cfg</c> and then
    /// <c>/etc/cloud/cloud.cfg.d/*.cfg</c> in name order, with the file that sets it; null when none does (cloud-init
    /// then tries every data source it has).</summary>
    internal static (List<string> Names, string Path)? Datasources(IFileSystem fs)
    {
        var files = new List<FileEntry>();
        if (FileTree.Resolve(fs, "/etc/cloud/cloud.cfg") is { Kind: EntryKind.File } main) files.Add(main);
        files.AddRange(FileTree.FilesIn(fs, "/etc/cloud/cloud.cfg.d", n => n.EndsWith(".cfg", StringComparison.Ordinal)).OrderBy(e => e.Name, StringComparer.Ordinal));
        (List<string>, string)? result = null;
        foreach (var file in files)
            if (ParseDatasourceList(FileTree.ReadText(fs, file)) is { } names) result = (names, file.Path);
        return result;
    }

    /// <summary>The top-level <c>datasource_list</c> of one YAML file, in flow (<c>[ A, B ]</c>, possibly over several
    /// lines) or block (<c>- A</c>) style; null when the file does not set it.</summary>
    internal static List<string>? ParseDatasourceList(string text)
    {
        List<string>? result = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i]).TrimEnd();
            if (!line.StartsWith("datasource_list:", StringComparison.Ordinal)) continue;
            var value = line["datasource_list:".Length..].Trim();
            var names = new List<string>();
            if (value.StartsWith('['))
            {
                var flow = value;
                while (!flow.Contains(']', StringComparison.Ordinal) && i + 1 < lines.Length) flow += " " + StripComment(lines[++i]).Trim();
                var inner = flow[1..];
                var close = inner.IndexOf(']', StringComparison.Ordinal);
                if (close >= 0) inner = inner[..close];
                names.AddRange(inner.Split(',').Select(Unquote).Where(n => n.Length > 0));
            }
            else if (value.Length == 0)
            {
                while (i + 1 < lines.Length && StripComment(lines[i + 1]) is var next && (next.Trim().Length == 0 || next.TrimStart().StartsWith('-') && next.Length > 0 && next[0] is ' ' or '\t' or '-'))
                {
                    i++;
                    var item = next.Trim();
                    if (item.StartsWith('-')) names.Add(Unquote(item[1..]));
                }
            }
            else names.Add(Unquote(value));
            result = names.Where(n => n.Length > 0).ToList();
        }
        return result;
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 ? line[..hash] : line;
    }

    private static string Unquote(string s) => s.Trim().Trim('"', '\'').Trim();

    /// <summary>sshd's effective global settings: the first value of each keyword wins; Include expands in place;
    /// Match blocks end the global section. Without sshd_config, the drop-in directory is read as Debian includes it.</summary>
    internal static Dictionary<string, (string Value, string Path)> EffectiveSshd(IFileSystem fs)
    {
        var values = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var depth = 0;
        void Read(FileEntry file)
        {
            if (++depth > 16) return;
            foreach (var raw in FileTree.ReadText(fs, file).Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                var parts = line.Split((char[])[' ', '\t', '='], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length < 2) continue;
                var key = parts[0].ToLowerInvariant();
                if (key == "match") { depth = 100; return; }
                if (key == "include")
                {
                    foreach (var pattern in parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        foreach (var inc in Glob(fs, pattern.StartsWith('/') ? pattern : "/etc/ssh/" + pattern)) Read(inc);
                    if (depth >= 100) return;
                    continue;
                }
                values.TryAdd(key, (parts[1].Split(' ')[0].ToLowerInvariant(), file.Path));
            }
            depth--;
        }
        if (FileTree.Resolve(fs, "/etc/ssh/sshd_config") is { Kind: EntryKind.File } main) Read(main);
        else foreach (var inc in Glob(fs, "/etc/ssh/sshd_config.d/*.conf")) Read(inc);
        return values;
    }

    private static IEnumerable<FileEntry> Glob(IFileSystem fs, string pattern)
    {
        var dir = FileTree.Parent(pattern);
        var name = pattern[(dir.Length + 1)..];
        if (!name.Contains('*', StringComparison.Ordinal))
            return FileTree.Resolve(fs, pattern) is { Kind: EntryKind.File } e ? [e] : [];
        var glob = new Policy.PathGlob("/" + name);
        return FileTree.FilesIn(fs, dir.Length == 0 ? "/" : dir, n => glob.IsMatch("/" + n));
    }
}
