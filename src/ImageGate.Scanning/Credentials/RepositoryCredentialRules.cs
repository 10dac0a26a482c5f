using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ImageGate.DiskImages;
using ImageGate.Patches;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Credentials;

/// <summary>Package repository credentials: <c>user:password@</c> in apt sources (one-line and deb822, comments
/// included: a commented-out line is as readable) and in yum/dnf URLs, apt's <c>auth.conf</c>, yum/dnf
/// <c>username=</c>/<c>password=</c> and <c>sslclientkey=</c> files in the image. Messages name the file and the
/// host, never the secret; the fingerprint is over the secret's SHA-256. The patch check never uses them
/// (<see cref="RepositorySource.CredentialsRemoved"/>).</summary>
internal static partial class RepositoryCredentialRules
{
    /// <summary>Rule id <c>credentials/apt-auth</c>.</summary>
    internal const string AptAuth = "credentials/apt-auth";

    /// <summary>Rule id <c>credentials/repository-client-key</c>.</summary>
    internal const string RepositoryClientKey = "credentials/repository-client-key";

    /// <summary>Rule id <c>credentials/repository-password</c>.</summary>
    internal const string RepositoryPassword = "credentials/repository-password";

    private const string NotUsed = "the patch check never sends them (the URLs are shown and recorded without them)";

    public static IEnumerable<RawFinding> Run(IFileSystem fs)
    {
        var findings = new List<RawFinding>();
        var sources = new List<(string Path, FileEntry Entry)>();
        if (File(fs, "/etc/apt/sources.list") is { } main) sources.Add(main);
        sources.AddRange(Files(fs, "/etc/apt/sources.list.d", n => n.EndsWith(".list", StringComparison.Ordinal) || n.EndsWith(".sources", StringComparison.Ordinal)));
        foreach (var (path, entry) in sources)
        {
            var (hosts, secrets) = UrlCredentials(FileTree.ReadText(fs, entry));
            if (secrets.Count > 0)
                findings.Add(new(RepositoryPassword, path,
                    $"apt source with credentials in {Plural(hosts.Count, "URL")} ({Hosts(hosts)}): {NotUsed}", Digest(secrets)));
        }

        var auth = new List<(string Path, FileEntry Entry)>();
        if (File(fs, "/etc/apt/auth.conf") is { } conf) auth.Add(conf);
        auth.AddRange(Files(fs, "/etc/apt/auth.conf.d", _ => true));
        foreach (var (path, entry) in auth)
        {
            var words = Words(FileTree.ReadText(fs, entry));
            var machines = new List<string>();
            var secrets = new List<string>();
            for (var i = 0; i + 1 < words.Count; i++)
            {
                if (words[i] == "machine") machines.Add(RepositoryUrl.Redact(words[i + 1]));
                else if (words[i] == "password") secrets.Add(words[i + 1]);
            }
            if (secrets.Count > 0)
                findings.Add(new(AptAuth, path,
                    $"apt auth.conf with {Plural(secrets.Count, "password")} for {Hosts(machines)}: {NotUsed}", Digest(secrets)));
        }

        var repoFiles = Files(fs, "/etc/yum.repos.d", n => n.EndsWith(".repo", StringComparison.Ordinal));
        foreach (var path in (string[])["/etc/yum.conf", "/etc/dnf/dnf.conf"])
            if (File(fs, path) is { } e) repoFiles.Add(e);
        foreach (var (path, entry) in repoFiles)
        {
            var text = FileTree.ReadText(fs, entry);
            var (hosts, secrets) = UrlCredentials(text);
            var what = new List<string>();
            if (secrets.Count > 0) what.Add($"user:password@ in {Plural(hosts.Count, "URL")} ({Hosts(hosts)})");
            var passwords = YumSetting().Matches(text).Where(m => m.Groups[1].Value.ToLowerInvariant() is "password" or "proxy_password")
                .Select(m => m.Groups[2].Value.Trim()).Where(v => v.Length > 0).ToList();
            if (passwords.Count > 0) what.Add(Plural(passwords.Count, "password setting"));
            secrets.AddRange(passwords);
            if (secrets.Count > 0)
                findings.Add(new(RepositoryPassword, path, $"yum/dnf repository configuration with {string.Join(" and ", what)}: {NotUsed}", Digest(secrets)));

            foreach (var key in YumSetting().Matches(text).Where(m => m.Groups[1].Value.Equals("sslclientkey", StringComparison.OrdinalIgnoreCase))
                         .Select(m => m.Groups[2].Value.Trim()).Where(v => v.StartsWith('/')).Distinct(StringComparer.Ordinal))
            {
                if (FileTree.Resolve(fs, FileTree.Normalize(key)) is not { Kind: EntryKind.File } keyFile) continue;
                byte[] digest;
                using (var stream = fs.OpenRead(keyFile)) digest = SHA256.HashData(stream);
                findings.Add(new(RepositoryClientKey, path,
                    $"yum/dnf repository TLS client key {key} is in the image (sslclientkey): {NotUsed}", digest));
            }
        }
        return findings;
    }

    /// <summary>The hosts and secrets of every URL with user information in <paramref name="text"/>.</summary>
    private static (List<string> Hosts, List<string> Secrets) UrlCredentials(string text)
    {
        var hosts = new List<string>();
        var secrets = new List<string>();
        foreach (Match m in Url().Matches(text))
        {
            var (redacted, userInfo) = RepositoryUrl.Split(m.Value);
            if (userInfo is null) continue;
            secrets.Add(RepositoryUrl.Secret(userInfo));
            var host = redacted[(redacted.IndexOf("://", StringComparison.Ordinal) + 3)..];
            var end = host.IndexOfAny(['/', '?', '#']);
            hosts.Add(end < 0 ? host : host[..end]);
        }
        return (hosts, secrets);
    }

    private static List<string> Words(string text) =>
        text.Split('\n').Where(l => !l.TrimStart().StartsWith('#'))
            .SelectMany(l => l.Split((char[])[' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries)).ToList();

    private static byte[] Digest(IEnumerable<string> secrets) => SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', secrets)));

    private static string Hosts(IEnumerable<string> hosts)
    {
        var list = hosts.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return list.Count == 0 ? "no machine named" : string.Join(", ", list.Take(5)) + (list.Count > 5 ? $" and {list.Count - 5} more" : "");
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    /// <summary>The regular file at <paramref name="path"/> (symlinks followed inside the tree), named by the path asked for.</summary>
    private static (string Path, FileEntry Entry)? File(IFileSystem fs, string path) =>
        FileTree.Resolve(fs, path) is { Kind: EntryKind.File } e ? (path, e) : null;

    private static List<(string Path, FileEntry Entry)> Files(IFileSystem fs, string dir, Func<string, bool> names)
    {
        if (FileTree.Resolve(fs, dir) is not { Kind: EntryKind.Directory } d) return [];
        return fs.List(d.Path).Where(e => names(e.Name)).OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => File(fs, dir + "/" + e.Name)).OfType<(string, FileEntry)>().ToList();
    }

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.-]*://[^\s""'<>]+")]
    private static partial Regex Url();

    [GeneratedRegex(@"(?im)^[ \t]*(password|proxy_password|sslclientkey)[ \t]*=(.*)$")]
    private static partial Regex YumSetting();
}
