using System.Globalization;
using ImageGate.FileTrees;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Accounts;

/// <summary><c>accounts/*</c>: passwords in shadow, passwd and their backups, non-system users, key logins, passwordless sudo.</summary>
internal static class AccountRules
{
    /// <summary>Rule id <c>accounts/key-login</c>.</summary>
    internal const string KeyLogin = "accounts/key-login";

    /// <summary>Rule id <c>accounts/non-system-user</c>.</summary>
    internal const string NonSystemUser = "accounts/non-system-user";

    /// <summary>Rule id <c>accounts/password-login</c>.</summary>
    internal const string PasswordLogin = "accounts/password-login";

    /// <summary>Rule id <c>accounts/passwordless-sudo</c>.</summary>
    internal const string PasswordlessSudo = "accounts/passwordless-sudo";

    /// <summary>Rule id <c>accounts/root-password</c>.</summary>
    internal const string RootPassword = "accounts/root-password";

    private static readonly string[] NoLoginShells = ["/usr/sbin/nologin", "/sbin/nologin", "/bin/false", "/usr/bin/false", "/bin/sync", "/sbin/shutdown", "/sbin/halt", "/usr/bin/nologin", ""];

    public static IEnumerable<RawFinding> Run(IFileSystem fs)
    {
        var findings = new List<RawFinding>();
        var passwd = ParsePasswd(FileTree.ReadText(fs, "/etc/passwd"));
        var (uidMin, uidMax) = UidRange(FileTree.ReadText(fs, "/etc/login.defs"));

        foreach (var file in new[] { "/etc/shadow", "/etc/shadow-", "/etc/shadow.bak" })
        {
            var text = FileTree.ReadText(fs, file);
            if (text is null) continue;
            foreach (var line in Lines(text))
            {
                var f = line.Split(':');
                if (f.Length < 2) continue;
                var state = PasswordState(f[1]);
                if (state == Password.Locked) continue;
                var what = state == Password.Empty ? "an empty password (login without a password)" : "a usable password hash";
                if (f[0] == "root")
                    findings.Add(new(RootPassword, file, $"root has {what}"));
                else
                    findings.Add(new(PasswordLogin, file, $"account '{f[0]}' has {what}"));
            }
        }
        foreach (var file in new[] { "/etc/passwd", "/etc/passwd-" })
        {
            var text = FileTree.ReadText(fs, file);
            if (text is null) continue;
            foreach (var line in Lines(text))
            {
                var f = line.Split(':');
                if (f.Length < 7 || f[1] is "x" or "*") continue;
                var state = PasswordState(f[1]);
                if (state == Password.Locked) continue;
                var what = state == Password.Empty ? "an empty password field (login without a password)" : "a password hash in the world-readable passwd file";
                findings.Add(new(f[0] == "root" ? RootPassword : PasswordLogin, file, $"account '{f[0]}' has {what}"));
            }
        }

        var sudo = SudoGrants(fs);
        foreach (var user in passwd)
        {
            var nonSystem = user.Uid >= uidMin && user.Uid <= uidMax && user.Name != "nobody" && user.Uid != 65534;
            var keyFiles = new List<string>();
            if (!NoLoginShells.Contains(user.Shell) && user.Home.Length > 0)
                foreach (var keys in new[] { "/.ssh/authorized_keys", "/.ssh/authorized_keys2" })
                {
                    var path = FileTree.Normalize(user.Home + keys);
                    if (FileTree.Resolve(fs, path) is { Kind: EntryKind.File, Size: > 0 }) keyFiles.Add(path);
                }
            if (nonSystem)
            {
                // One finding for the account and what makes it a way in (a build user left behind): removing the
                // user removes its home and keys, so its authorized_keys is not reported again on its own.
                var parts = new List<string>();
                if (user.Home.Length > 0 && fs.GetEntry(user.Home) is { Kind: EntryKind.Directory }) parts.Add($"home {user.Home}");
                if (!NoLoginShells.Contains(user.Shell)) parts.Add($"login shell {user.Shell}");
                if (keyFiles.Count > 0) parts.Add($"authorised SSH keys in {string.Join(", ", keyFiles)}");
                var grants = sudo.Where(g => g.Who == user.Name).Select(g => g.Path).Distinct().ToList();
                if (grants.Count > 0) parts.Add($"NOPASSWD sudo in {string.Join(", ", grants)}");
                findings.Add(new(NonSystemUser, "/etc/passwd",
                    $"non-system user '{user.Name}' (uid {user.Uid}, UID_MIN {uidMin}){(parts.Count > 0 ? ": " + string.Join(", ", parts) : "")}")
                    { Covers = keyFiles });
            }
            foreach (var path in keyFiles)
                findings.Add(new(KeyLogin, path, $"account '{user.Name}' has login shell {user.Shell} and authorised SSH keys"));
        }

        foreach (var (who, path) in sudo)
            findings.Add(new(PasswordlessSudo, path, $"'{who}' may run commands as root without a password (NOPASSWD)"));
        return findings;
    }

    /// <summary>The NOPASSWD grants of sudoers and sudoers.d: who (a user, %group or alias other than root) and where.</summary>
    private static List<(string Who, string Path)> SudoGrants(IFileSystem fs)
    {
        var grants = new List<(string, string)>();
        var sudoers = new List<FileEntry>();
        if (FileTree.Resolve(fs, "/etc/sudoers") is { Kind: EntryKind.File } main) sudoers.Add(main);
        // sudo skips files in sudoers.d whose names end in ~ or contain a dot.
        sudoers.AddRange(FileTree.FilesIn(fs, "/etc/sudoers.d", n => !n.EndsWith('~') && !n.Contains('.', StringComparison.Ordinal)));
        foreach (var file in sudoers)
        {
            foreach (var rule in SudoRules(FileTree.ReadText(fs, file)))
            {
                var who = rule.Split((char[])[' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries)[0];
                if (who is "root" || who.StartsWith("Defaults", StringComparison.Ordinal) || who.EndsWith("_Alias", StringComparison.Ordinal)) continue;
                grants.Add((who, file.Path));
            }
        }
        return grants;
    }

    private enum Password { Locked, Empty, Usable }

    private static Password PasswordState(string field) =>
        field.Length == 0 ? Password.Empty
        : field[0] is '!' or '*' || field == "x" || field.Length < 4 ? Password.Locked
        : Password.Usable;

    internal sealed record PasswdEntry(string Name, long Uid, string Home, string Shell);

    internal static List<PasswdEntry> ParsePasswd(string? text)
    {
        var list = new List<PasswdEntry>();
        foreach (var line in Lines(text ?? ""))
        {
            var f = line.Split(':');
            if (f.Length < 7 || !long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)) continue;
            list.Add(new PasswdEntry(f[0], uid, f[5], f[6].Trim()));
        }
        return list;
    }

    internal static (long Min, long Max) UidRange(string? loginDefs)
    {
        long min = 1000, max = 60000;
        foreach (var line in Lines(loginDefs ?? ""))
        {
            var parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var v)) continue;
            if (parts[0] == "UID_MIN") min = v;
            if (parts[0] == "UID_MAX") max = v;
        }
        return (min, max);
    }

    /// <summary>The sudoers rules (continuations joined, comments removed) that grant NOPASSWD.</summary>
    private static IEnumerable<string> SudoRules(string text)
    {
        var joined = text.Replace("\\\r\n", " ", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var raw in joined.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('@')) continue;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash > 0) line = line[..hash].Trim();
            if (line.Contains("NOPASSWD", StringComparison.Ordinal)) yield return line;
        }
    }

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('#'));
}
