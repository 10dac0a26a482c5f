using ImageGate.DiskImages;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Contextualisation;

/// <summary><c>contextualisation/*</c>: an agent the site can inject credentials through; no SSH root password login.</summary>
internal static class ContextualisationRules
{
    /// <summary>Rule id <c>contextualisation/no-agent</c>.</summary>
    internal const string NoAgent = "contextualisation/no-agent";

    /// <summary>Rule id <c>contextualisation/ssh-root-password-login</c>.</summary>
    internal const string SshRootPasswordLogin = "contextualisation/ssh-root-password-login";

    public static IEnumerable<RawFinding> Run(IFileSystem fs)
    {
        var findings = new List<RawFinding>();
        var agent = FileTree.AnyExists(fs, "/usr/bin/cloud-init", "/etc/cloud/cloud.cfg", "/usr/sbin/one-contextd", "/etc/one-context.d",
            "/usr/sbin/one-context", "/usr/bin/amiconfig", "/usr/bin/coreos-cloudinit", "/usr/bin/afterburn", "/usr/sbin/waagent", "/usr/bin/google_guest_agent");
        if (!agent)
            findings.Add(new(NoAgent, "/", "no contextualisation agent (cloud-init, one-context or equivalent) is installed"));

        var sshd = EffectiveSshd(fs);
        if (sshd.TryGetValue("permitrootlogin", out var root) && root.Value == "yes" &&
            (!sshd.TryGetValue("passwordauthentication", out var pw) || pw.Value != "no"))
            findings.Add(new(SshRootPasswordLogin, root.Path,
                "sshd permits root login with a password (PermitRootLogin yes, PasswordAuthentication not no)"));
        return findings;
    }

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
