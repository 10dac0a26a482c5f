using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ImageGate.DiskImages;
using ImageGate.Scanning.Content;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Credentials;

/// <summary>The secrets grid worker nodes and cloud builds leave behind (<see cref="ServiceSecretCatalog"/>):
/// HTCondor pool passwords and IDTOKENs, cluster daemons' shared keys, Vault tokens and JWTs, base64 PEM keys in
/// configuration, directory-service bind passwords, literal passwords in configuration files and small
/// high-entropy owner-only files. Path rules use the first bytes captured in the single content pass; the
/// heuristic rules are marked as content findings, so a file a package shipped unchanged is reported as packaged.</summary>
internal static partial class ServiceSecretRules
{
    /// <summary>Rule id <c>credentials/cluster-key</c>.</summary>
    internal const string ClusterKey = "credentials/cluster-key";

    /// <summary>Rule id <c>credentials/config-password</c>.</summary>
    internal const string ConfigPassword = "credentials/config-password";

    /// <summary>Rule id <c>credentials/embedded-private-key</c>.</summary>
    internal const string EmbeddedPrivateKey = "credentials/embedded-private-key";

    /// <summary>Rule id <c>credentials/htcondor-secret</c>.</summary>
    internal const string HtcondorSecret = "credentials/htcondor-secret";

    /// <summary>Rule id <c>credentials/jwt</c>.</summary>
    internal const string Jwt = "credentials/jwt";

    /// <summary>Rule id <c>credentials/ldap-bind-password</c>.</summary>
    internal const string LdapBindPassword = "credentials/ldap-bind-password";

    /// <summary>Rule id <c>credentials/secret-file</c>.</summary>
    internal const string SecretFile = "credentials/secret-file";

    /// <summary>Rule id <c>credentials/vault-token</c>.</summary>
    internal const string VaultToken = "credentials/vault-token";

    private enum Known
    {
        CondorPassword, CondorPoolPassword, CondorToken, SlurmJwtKey, SlurmAuthKey, ClusterAuthKey, CephKeyring, BeegfsAuth, PbsDbPassword,
        VaultTokenFile, LdapSecretFile, LdapConf, Sssd,
    }

    private static readonly string[] SecretFileRoots = ["/etc/", "/var/lib/", "/root/", "/home/"];
    private static readonly string[] ConfigRoots = ["/etc/", "/usr/local/etc/", "/opt/", "/srv/", "/root/", "/home/"];
    private static readonly HashSet<string> ConfigExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "conf", "cfg", "cnf", "ini", "yaml", "yml", "json", "properties", "env", "toml", "xml", "config", "local",
    };

    /// <summary>True when a path rule of this class applies to the file.</summary>
    public static bool IsKnownPath(FileEntry e) => PathKind(e) is not null;

    /// <summary>True when a rule of this class needs the file's first bytes.</summary>
    public static bool NeedsCapture(FileEntry e) => PathKind(e) is not null || IsConfigCandidate(e) || IsSecretFileCandidate(e);

    /// <summary>Findings of the path rules (an empty list when the path is not one of them or holds nothing).</summary>
    public static List<RawFinding> ByPath(FileEntry e, FileScanResult scan)
    {
        var results = new List<RawFinding>();
        var head = scan.Head is null ? "" : Encoding.UTF8.GetString(scan.Head);
        byte[] HeadDigest() => SHA256.HashData(scan.Head is { Length: > 0 } h ? h : Encoding.UTF8.GetBytes(e.Path));
        var jwt = scan.Hits.Any(h => h.Kind == HitKind.JsonWebToken);
        switch (PathKind(e))
        {
            case Known.CondorPassword when e.Size > 0:
                results.Add(new(HtcondorSecret, e.Path, "HTCondor pool password / signing key (passwords.d)", HeadDigest()));
                break;
            case Known.CondorPoolPassword when e.Size > 0:
                results.Add(new(HtcondorSecret, e.Path, "HTCondor pool password file", HeadDigest()));
                break;
            case Known.CondorToken when e.Size > 0:
                results.Add(new(HtcondorSecret, e.Path, jwt ? "HTCondor IDTOKEN (a signed JWT)" : "HTCondor token file (tokens.d)", HeadDigest()));
                break;
            case Known.SlurmJwtKey when e.Size > 0:
                results.Add(new(ClusterKey, e.Path, "Slurm JWT signing key", HeadDigest()));
                break;
            case Known.SlurmAuthKey when e.Size > 0:
                results.Add(new(ClusterKey, e.Path, "Slurm authentication key (auth/slurm)", HeadDigest()));
                break;
            case Known.ClusterAuthKey when e.Size > 0:
                results.Add(new(ClusterKey, e.Path, "corosync/pacemaker cluster authkey", HeadDigest()));
                break;
            case Known.CephKeyring when CephKey().IsMatch(head):
                results.Add(new(ClusterKey, e.Path, "Ceph keyring holding a key", HeadDigest()) { FromContent = true });
                break;
            case Known.BeegfsAuth when e.Size > 0:
                results.Add(new(ClusterKey, e.Path, "BeeGFS connection authentication secret", HeadDigest()));
                break;
            case Known.PbsDbPassword when e.Size > 0:
                results.Add(new(ClusterKey, e.Path, "PBS data service password (server_priv/db_password)", HeadDigest()));
                break;
            case Known.VaultTokenFile when head.Trim().Length > 0:
                results.Add(new(VaultToken, e.Path, "Vault CLI token file (.vault-token)", HeadDigest()));
                break;
            case Known.LdapSecretFile when head.Trim().Length > 0:
                results.Add(new(LdapBindPassword, e.Path, $"LDAP bind password file ({e.Name})", HeadDigest()));
                break;
            case Known.LdapConf:
                foreach (Match m in LdapBindPw().Matches(head))
                    if (IsLiteral(Unquote(m.Groups["value"].Value), m.Groups["key"].Value, named: true))
                    {
                        results.Add(new(LdapBindPassword, e.Path, $"LDAP bind password in {e.Name} ({m.Groups["key"].Value.ToLowerInvariant()})",
                            SHA256.HashData(Encoding.UTF8.GetBytes(Unquote(m.Groups["value"].Value)))) { FromContent = true });
                        break;
                    }
                break;
            case Known.Sssd:
                foreach (Match m in SssdAuthtok().Matches(head))
                    if (IsLiteral(Unquote(m.Groups["value"].Value), "ldap_default_authtok", named: true))
                    {
                        results.Add(new(LdapBindPassword, e.Path, "SSSD LDAP bind password (ldap_default_authtok)",
                            SHA256.HashData(Encoding.UTF8.GetBytes(Unquote(m.Groups["value"].Value)))) { FromContent = true });
                        break;
                    }
                break;
        }
        return results;
    }

    /// <summary>Findings from the content search's Vault, JWT and base64-PEM hits.</summary>
    public static IEnumerable<RawFinding> ByContent(FileEntry e, IReadOnlyList<ContentHit> hits)
    {
        foreach (var (kind, rule) in new[]
                 {
                     (HitKind.VaultToken, VaultToken), (HitKind.JsonWebToken, Jwt),
                     (HitKind.EmbeddedPrivateKey, EmbeddedPrivateKey),
                 })
        {
            var found = hits.Where(h => h.Kind == kind).ToList();
            if (found.Count == 0) continue;
            var labels = string.Join(", ", found.Select(h => h.Label).Distinct());
            yield return new RawFinding(rule, e.Path, found.Count > 1 ? $"{labels} ({found.Count} found)" : labels, found[0].SecretDigest) { FromContent = true };
        }
    }

    /// <summary>The heuristic rules (only for files nothing else reported): literal secrets in configuration files
    /// and small high-entropy owner-only files.</summary>
    public static IEnumerable<RawFinding> Heuristic(FileEntry e, FileScanResult scan)
    {
        if (scan.Head is not { Length: > 0 } head) yield break;
        if (IsSecretFileCandidate(e) && KeyMaterial(head) is { } shape)
            yield return new RawFinding(SecretFile, e.Path, $"{e.Size}-byte high-entropy {shape} file only its owner may read: key material",
                SHA256.HashData(head)) { FromContent = true };
        else if (IsConfigCandidate(e) && head.AsSpan().IndexOf((byte)0) < 0 && !head.AsSpan().StartsWith("#!"u8))
        {
            var text = Encoding.UTF8.GetString(head);
            var literal = LiteralAssignments(text).ToList();
            if (literal.Count > 0)
            {
                var keys = string.Join(", ", literal.Select(l => l.Key).Distinct(StringComparer.Ordinal).Take(5));
                yield return new RawFinding(ConfigPassword, e.Path,
                    literal.Count > 1 ? $"literal secrets assigned to {keys} ({literal.Count} found)" : $"a literal secret assigned to {keys}",
                    SHA256.HashData(Encoding.UTF8.GetBytes(literal[0].Value))) { FromContent = true };
            }
        }
    }

    /// <summary>Secrets a configuration names by path: Slurm's <c>AuthAltParameters=jwt_key=</c> and HTCondor's
    /// <c>SEC_PASSWORD_FILE</c>, <c>SEC_PASSWORD_DIRECTORY</c> and <c>SEC_TOKEN_*DIRECTORY</c> (macros expanded).</summary>
    public static IEnumerable<RawFinding> Run(IFileSystem fs)
    {
        var results = new List<RawFinding>();
        foreach (var conf in new[] { "/etc/slurm/slurm.conf", "/etc/slurm/slurmdbd.conf", "/etc/slurm-llnl/slurm.conf", "/etc/slurm-llnl/slurmdbd.conf" })
        {
            if (FileTree.ReadText(fs, conf) is not { } text) continue;
            foreach (Match m in SlurmAuthAlt().Matches(text))
                foreach (var part in m.Groups["value"].Value.Split(','))
                    if (part.StartsWith("jwt_key=", StringComparison.Ordinal) && part.Length > 8)
                        AddReferenced(fs, part[8..], ClusterKey, $"Slurm JWT signing key (jwt_key in {conf})", results);
        }
        var condor = CondorConfig(fs);
        if (condor.Count > 0)
        {
            string? Get(string name) => condor.TryGetValue(name, out var v) ? Expand(condor, v, 0) : null;
            if (Get("SEC_PASSWORD_FILE") is { Length: > 0 } file)
                AddReferenced(fs, file, HtcondorSecret, "HTCondor pool password (SEC_PASSWORD_FILE)", results);
            foreach (var (name, what) in new[] { ("SEC_PASSWORD_DIRECTORY", "HTCondor pool signing key (SEC_PASSWORD_DIRECTORY)"),
                         ("SEC_TOKEN_SYSTEM_DIRECTORY", "HTCondor token (SEC_TOKEN_SYSTEM_DIRECTORY)"), ("SEC_TOKEN_DIRECTORY", "HTCondor token (SEC_TOKEN_DIRECTORY)") })
                if (Get(name) is { Length: > 0 } dir && dir.StartsWith('/'))
                    foreach (var f in FileTree.FilesIn(fs, FileTree.Normalize(dir)))
                        AddReferenced(fs, f.Path, HtcondorSecret, what, results);
        }
        return results;
    }

    private static void AddReferenced(IFileSystem fs, string path, string rule, string message, List<RawFinding> results)
    {
        if (!path.StartsWith('/')) return;
        if (FileTree.Resolve(fs, FileTree.Normalize(path)) is not { Kind: EntryKind.File, Size: > 0 } entry) return;
        if (PathKind(entry) is not null || results.Any(r => r.Path == entry.Path)) return; // the path rule reports it
        results.Add(new RawFinding(rule, entry.Path, message, null));
    }

    private static Dictionary<string, string> CondorConfig(IFileSystem fs)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ETC"] = "/etc/condor", ["LOCAL_DIR"] = "/var", ["RELEASE_DIR"] = "/usr",
        };
        var files = new List<string> { "/etc/condor/condor_config" };
        files.AddRange(FileTree.FilesIn(fs, "/etc/condor/config.d").Select(f => f.Path));
        files.Add("/etc/condor/condor_config.local");
        var any = false;
        foreach (var file in files)
        {
            if (FileTree.ReadText(fs, file) is not { } text) continue;
            any = true;
            foreach (Match m in CondorAssignment().Matches(text))
                values[m.Groups["name"].Value] = m.Groups["value"].Value.Trim();
        }
        return any ? values : [];
    }

    private static string Expand(Dictionary<string, string> values, string value, int depth) =>
        depth > 10 ? value : CondorMacro().Replace(value, m =>
            values.TryGetValue(m.Groups[1].Value, out var v) ? Expand(values, v, depth + 1) : m.Groups[2].Success ? m.Groups[2].Value : "");

    private static Known? PathKind(FileEntry e)
    {
        var path = e.Path;
        var name = e.Name;
        if (path.Contains("/condor/", StringComparison.Ordinal) || path.Contains("/.condor/", StringComparison.Ordinal))
        {
            if (path.Contains("/passwords.d/", StringComparison.Ordinal)) return Known.CondorPassword;
            if (path.Contains("/tokens.d/", StringComparison.Ordinal)) return Known.CondorToken;
            if (name == "pool_password") return Known.CondorPoolPassword;
        }
        if (name.StartsWith("jwt_hs", StringComparison.Ordinal) && name.EndsWith(".key", StringComparison.Ordinal)) return Known.SlurmJwtKey;
        if ((path.StartsWith("/etc/slurm/", StringComparison.Ordinal) || path.StartsWith("/etc/slurm-llnl/", StringComparison.Ordinal))
            && name is "slurm.key" or "auth_key" or "jwt.key")
            return Known.SlurmAuthKey;
        if (path is "/etc/corosync/authkey" or "/etc/pacemaker/authkey" or "/etc/cluster/authkey") return Known.ClusterAuthKey;
        if ((path.StartsWith("/etc/ceph/", StringComparison.Ordinal) || path.StartsWith("/var/lib/ceph/", StringComparison.Ordinal))
            && (name.EndsWith(".keyring", StringComparison.Ordinal) || name == "keyring"))
            return Known.CephKeyring;
        if (path.StartsWith("/etc/beegfs/", StringComparison.Ordinal) && name is "connauthfile" or "conn.auth" or "connAuthFile") return Known.BeegfsAuth;
        if (name == "db_password" && path.Contains("/server_priv/", StringComparison.Ordinal)) return Known.PbsDbPassword;
        if (name == ".vault-token") return Known.VaultTokenFile;
        if (path is "/etc/ldap.secret" or "/etc/libnss-ldap.secret" or "/etc/pam_ldap.secret") return Known.LdapSecretFile;
        if (path is "/etc/ldap.conf" or "/etc/libnss-ldap.conf" or "/etc/pam_ldap.conf" or "/etc/ldap/ldap.conf" or "/etc/openldap/ldap.conf" or "/etc/nslcd.conf")
            return Known.LdapConf;
        if (path == "/etc/sssd/sssd.conf" || (path.StartsWith("/etc/sssd/conf.d/", StringComparison.Ordinal) && name.EndsWith(".conf", StringComparison.Ordinal)))
            return Known.Sssd;
        return null;
    }

    private static bool IsSecretFileCandidate(FileEntry e) =>
        e.Size is >= 16 and <= 8192 && (e.Mode & 0x3F) == 0 && SecretFileRoots.Any(r => e.Path.StartsWith(r, StringComparison.Ordinal))
        && e.Name is not ("random-seed" or ".rnd" or "random_seed") && !e.Path.StartsWith("/var/lib/dpkg/", StringComparison.Ordinal) && !e.Path.StartsWith("/var/lib/apt/", StringComparison.Ordinal);

    private static bool IsConfigCandidate(FileEntry e)
    {
        if (e.Size is <= 0 or > 256 * 1024 || !ConfigRoots.Any(r => e.Path.StartsWith(r, StringComparison.Ordinal))) return false;
        // nsswitch.conf maps databases (passwd:, shadow:) to sources: never a secret.
        if (e.Path is "/etc/nsswitch.conf") return false;
        var dot = e.Name.LastIndexOf('.');
        if (dot <= 0) return e.Path.StartsWith("/etc/", StringComparison.Ordinal) || e.Name.StartsWith('.');
        return ConfigExtensions.Contains(e.Name[(dot + 1)..]);
    }

    /// <summary>"binary", "base64" or "hex" when the bytes look like random key material; else null.</summary>
    internal static string? KeyMaterial(ReadOnlySpan<byte> d)
    {
        if (d.Length < 16) return null;
        ReadOnlySpan<byte> gzip = [0x1F, 0x8B], xz = [0xFD, 0x37, 0x7A, 0x58, 0x5A], zstd = [0x28, 0xB5, 0x2F, 0xFD], zip = [0x50, 0x4B, 0x03, 0x04], elf = [0x7F, 0x45, 0x4C, 0x46];
        if (d.StartsWith(gzip) || d.StartsWith(xz) || d.StartsWith(zstd) || d.StartsWith(zip) || d.StartsWith(elf) || d.StartsWith("BZh"u8) || d.StartsWith("SQLite format 3"u8))
            return null;
        var isText = true;
        foreach (var b in d)
            if (b is not (9 or 10 or 13) && b is < 32 or > 126) { isText = false; break; }
        if (!isText)
            return Entropy(d) >= 0.9 * Math.Min(8, Math.Log2(d.Length)) ? "binary" : null;
        var chars = new List<byte>(d.Length);
        foreach (var b in d)
        {
            if (b is 10 or 13) continue;
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)'/' or (byte)'=' or (byte)'-' or (byte)'_')) return null;
            chars.Add(b);
        }
        var s = chars.ToArray().AsSpan().TrimEnd((byte)'=');
        // Padding only at the end; one base64 alphabet (standard or URL-safe), not both.
        if (s.Contains((byte)'=') || (s.IndexOfAny("+/"u8) >= 0 && s.IndexOfAny("-_"u8) >= 0)) return null;
        if (s.Length < 16 || s.IndexOfAnyInRange((byte)'0', (byte)'9') < 0 || !s.ContainsAnyExceptInRange((byte)'0', (byte)'9')) return null;
        var hex = !s.ContainsAnyExcept("0123456789abcdefABCDEF"u8);
        var max = Math.Min(hex ? 4 : 6, Math.Log2(s.Length));
        return Entropy(s) >= 0.85 * max ? (hex ? "hex" : "base64") : null;
    }

    private static double Entropy(ReadOnlySpan<byte> d)
    {
        Span<int> counts = stackalloc int[256];
        foreach (var b in d) counts[b]++;
        var h = 0.0;
        foreach (var c in counts)
            if (c > 0)
            {
                var p = (double)c / d.Length;
                h -= p * Math.Log2(p);
            }
        return h;
    }

    private static IEnumerable<(string Key, string Value)> LiteralAssignments(string text)
    {
        foreach (Match m in Assignment().Matches(text))
        {
            var key = m.Groups["key"].Value;
            if (!IsSecretKey(key)) continue;
            var value = CleanValue(m.Groups["value"].Value);
            if (IsLiteral(value, key)) yield return (key, value);
        }
        foreach (Match m in XmlElement().Matches(text))
        {
            var key = m.Groups["key"].Value;
            if (IsSecretKey(key) && IsLiteral(m.Groups["value"].Value.Trim(), key)) yield return (key, m.Groups["value"].Value.Trim());
        }
    }

    private static bool IsSecretKey(string key)
    {
        var k = key.ToLowerInvariant();
        foreach (var word in new[] { "password", "passwd", "passphrase", "secret", "token", "authtok", "bindpw", "apikey", "api_key", "api-key", "secretkey" })
            if (k.EndsWith(word, StringComparison.Ordinal)) return true;
        foreach (var word in new[] { "pass", "pwd" })
            if (k.EndsWith(word, StringComparison.Ordinal))
            {
                var i = key.Length - word.Length;
                if (i == 0 || key[i - 1] is '_' or '.' or '-' || char.IsUpper(key[i])) return true;
            }
        return false;
    }

    private static string CleanValue(string raw)
    {
        var v = raw.Trim();
        var comment = v.IndexOf(" #", StringComparison.Ordinal);
        if (comment > 0 && v[0] is not ('"' or '\'')) v = v[..comment].TrimEnd();
        v = v.TrimEnd(',').TrimEnd();
        return Unquote(v);
    }

    private static string Unquote(string v)
    {
        v = v.Trim();
        if (v.Length >= 2 && (v[0] is '"' or '\'') && v[^1] == v[0]) v = v[1..^1];
        return v;
    }

    /// <summary>True when a value is a literal secret: not empty, a placeholder, a boolean or number, a reference
    /// (<c>${VAR}</c>, <c>$VAR</c>, <c>%(x)s</c>, <c>{{ }}</c>, <c>!vault</c> …) or a file path.</summary>
    internal static bool IsLiteral(string value, string key, bool named = false)
    {
        if (value.Length is < 4 or > 512 || (!named && value.Any(char.IsWhiteSpace))) return false;
        if (value.All(char.IsAsciiDigit) || value.All(c => c == value[0])) return false;
        if (string.Equals(value, key, StringComparison.OrdinalIgnoreCase)) return false;
        if (value[0] is '$' or '%' or '<' or '[' or '(' or '{' or '!' or '/' or '~' or '@' or '*' or '&') return false;
        if (value.StartsWith("./", StringComparison.Ordinal) || value.StartsWith("../", StringComparison.Ordinal)) return false;
        if (value.Contains("${", StringComparison.Ordinal) || value.Contains("$(", StringComparison.Ordinal) || value.Contains("%(", StringComparison.Ordinal)
            || value.Contains("%{", StringComparison.Ordinal) || value.Contains("{{", StringComparison.Ordinal) || value.Contains("{%", StringComparison.Ordinal)
            || value.Contains("://", StringComparison.Ordinal) || value.Contains("ENC[", StringComparison.Ordinal))
            return false;
        if (Placeholder().IsMatch(value) || Reference().IsMatch(value) || EnvName().IsMatch(value) || FileName().IsMatch(value)) return false;
        return true;
    }

    [GeneratedRegex(@"(?i)^(true|false|yes|no|on|off|none|null|nil|undefined|empty|required|optional|disabled?|enabled?|auto|unset|"
        + @"change[-_.]?me|change[-_.]?it|changeme\d*|password\d*|passwd|passphrase|secret|token|x{3,}|\.{3,}|example\w*|sample|test(ing)?|todo|tbd|fixme|redacted|hidden|dummy|default|placeholder|"
        + @"your[-_.]?\w*|my[-_.]?(password|secret|token|pass)|insert[-_.]\w*|replace[-_.]?\w*|enter[-_.]\w*|set[-_.]?me|secretpassword|p@ssw0rd|pass(word)?123|notasecret)$")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?i)^(env|file|vault|secret|ref|sops|op|aws-sm|gcp-sm|azure-kv|cmd|exec):")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^[A-Z][A-Z0-9_]+$")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"(?i)^[\w.-]+\.(pem|key|crt|cert|txt|secret|secrets|conf|cfg|json|ya?ml|keytab|p12|pfx|jks|token|pw|pass|passwd)$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"(?m)^[ \t]*(?:export[ \t]+)?[""']?(?<key>[A-Za-z_][A-Za-z0-9_.-]{0,63})[""']?[ \t]*[=:][ \t]*(?<value>[^\r\n]*)$")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"<(?<key>[A-Za-z_][A-Za-z0-9_.-]{0,63})>(?<value>[^<\r\n]{1,512})</\k<key>>")]
    private static partial Regex XmlElement();

    [GeneratedRegex(@"(?im)^[ \t]*(?<key>bindpw|rootbindpw|rootpwmodpw)[ \t]+(?<value>\S[^\r\n]*?)[ \t]*$")]
    private static partial Regex LdapBindPw();

    [GeneratedRegex(@"(?im)^[ \t]*ldap_default_authtok[ \t]*=[ \t]*(?<value>[^\r\n]*?)[ \t]*$")]
    private static partial Regex SssdAuthtok();

    [GeneratedRegex(@"(?m)^[ \t]*key[ \t]*=[ \t]*\S")]
    private static partial Regex CephKey();

    [GeneratedRegex(@"(?im)^[ \t]*AuthAltParameters[ \t]*=[ \t]*(?<value>\S+)")]
    private static partial Regex SlurmAuthAlt();

    [GeneratedRegex(@"(?m)^[ \t]*(?<name>[A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*(?<value>[^\r\n]*)$")]
    private static partial Regex CondorAssignment();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_.]*)(?::([^)]*))?\)")]
    private static partial Regex CondorMacro();
}
