using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ImageGate.FileTrees;
using ImageGate.Scanning.Content;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Credentials;

/// <summary>Turns one file's path and content hits into <c>credentials/*</c> findings. Known credential files are
/// recognised by path (their first bytes are captured during the single content pass); anything else by content.</summary>
internal static partial class CredentialRules
{
    /// <summary>Rule id <c>credentials/api-token</c>.</summary>
    internal const string ApiToken = "credentials/api-token";

    /// <summary>Rule id <c>credentials/authorized-keys</c>.</summary>
    internal const string AuthorizedKeys = "credentials/authorized-keys";

    /// <summary>Rule id <c>credentials/cloud-credentials</c>.</summary>
    internal const string CloudCredentials = "credentials/cloud-credentials";

    /// <summary>Rule id <c>credentials/cloud-init-user-data</c>.</summary>
    internal const string CloudInitUserData = "credentials/cloud-init-user-data";

    /// <summary>Rule id <c>credentials/docker-auth</c>.</summary>
    internal const string DockerAuth = "credentials/docker-auth";

    /// <summary>Rule id <c>credentials/git-credentials</c>.</summary>
    internal const string GitCredentials = "credentials/git-credentials";

    /// <summary>Rule id <c>credentials/grid-host-key</c>.</summary>
    internal const string GridHostKey = "credentials/grid-host-key";

    /// <summary>Rule id <c>credentials/java-keystore</c>.</summary>
    internal const string JavaKeystore = "credentials/java-keystore";

    /// <summary>Rule id <c>credentials/kerberos-keytab</c>.</summary>
    internal const string KerberosKeytab = "credentials/kerberos-keytab";

    /// <summary>Rule id <c>credentials/munge-key</c>.</summary>
    internal const string MungeKey = "credentials/munge-key";

    /// <summary>Rule id <c>credentials/mysql-password</c>.</summary>
    internal const string MysqlPassword = "credentials/mysql-password";

    /// <summary>Rule id <c>credentials/netrc</c>.</summary>
    internal const string Netrc = "credentials/netrc";

    /// <summary>Rule id <c>credentials/pgpass</c>.</summary>
    internal const string Pgpass = "credentials/pgpass";

    /// <summary>Rule id <c>credentials/pkcs12</c>.</summary>
    internal const string Pkcs12 = "credentials/pkcs12";

    /// <summary>Rule id <c>credentials/private-key</c>.</summary>
    internal const string PrivateKey = "credentials/private-key";

    /// <summary>Rule id <c>credentials/shell-history</c>.</summary>
    internal const string ShellHistory = "credentials/shell-history";

    /// <summary>Rule id <c>credentials/snakeoil-key</c>.</summary>
    internal const string SnakeoilKey = "credentials/snakeoil-key";

    /// <summary>Path of ssl-cert's self-signed key, made when the package is installed.</summary>
    internal const string SnakeoilPath = "/etc/ssl/private/ssl-cert-snakeoil.key";

    /// <summary>Rule id <c>credentials/ssh-host-key</c>.</summary>
    internal const string SshHostKey = "credentials/ssh-host-key";

    /// <summary>Rule id <c>credentials/ssh-user-key</c>.</summary>
    internal const string SshUserKey = "credentials/ssh-user-key";

    /// <summary>The most of a known credential file that is kept for its path rule.</summary>
    public const int CaptureLimit = 1024 * 1024;

    private static readonly string[] HistoryNames =
    [
        ".bash_history", ".zsh_history", ".sh_history", ".ash_history", ".history", ".mysql_history", ".psql_history",
        ".python_history", ".node_repl_history", ".rediscli_history", ".sqlite_history", ".lesshst",
    ];

    /// <summary>True when a path rule applies to this file (it is classified even without content hits).</summary>
    public static bool IsKnownPath(FileEntry e) => PathKind(e) is not null || ServiceSecretRules.IsKnownPath(e);

    /// <summary>True when the path rule of this file needs its first bytes.</summary>
    public static bool NeedsCapture(FileEntry e) =>
        PathKind(e) is not (null or Known.HostKey or Known.Munge or Known.Keytab or Known.CloudInit or Known.GcloudFile or Known.AzureTokens)
        || (PathKind(e) is null && ServiceSecretRules.NeedsCapture(e));

    /// <summary>The findings for one regular file.</summary>
    public static IEnumerable<RawFinding> Classify(FileEntry e, FileScanResult scan)
    {
        var hits = scan.Hits;
        var results = new List<RawFinding>();
        var head = scan.Head is null ? "" : Encoding.UTF8.GetString(scan.Head);
        var secrets = hits.Where(h => !h.IsMarker).ToList();
        byte[] DigestOf(IEnumerable<ContentHit> hs, string fallback) =>
            hs.FirstOrDefault(h => h.SecretDigest.Length > 0).SecretDigest is { Length: > 0 } d ? d : SHA256.HashData(Encoding.UTF8.GetBytes(fallback));
        byte[] HeadDigest() => scan.Head is null ? SHA256.HashData(Encoding.UTF8.GetBytes(e.Path)) : SHA256.HashData(scan.Head);

        switch (PathKind(e))
        {
            case Known.HostKey when e.Size > 0:
                results.Add(new(SshHostKey, e.Path, $"SSH host private key ({Describe(secrets, "key file")}) baked into the image", DigestOf(secrets, e.Path)));
                return results;
            case Known.Snakeoil when e.Size > 0:
                results.Add(new(SnakeoilKey, e.Path,
                    $"ssl-cert's snakeoil TLS key ({Describe(hits.Where(h => h.IsPrivateKey).ToList(), "key file")}) generated at build time: every instance would share it",
                    DigestOf(hits.Where(h => h.IsPrivateKey), e.Path)));
                return results;
            case Known.AuthorizedKeys:
                {
                    var entries = head.Split('\n').Select(l => l.Trim()).Count(l => l.Length > 0 && !l.StartsWith('#'));
                    if (entries > 0)
                        results.Add(new(AuthorizedKeys, e.Path, $"{entries} authorised SSH key(s): an installed access path", HeadDigest()));
                    return results;
                }
            case Known.Munge when e.Size > 0:
                results.Add(new(MungeKey, e.Path, $"munge key ({e.Size} bytes)", null));
                return results;
            case Known.Keytab when e.Size > 0:
                results.Add(new(KerberosKeytab, e.Path,
                    hits.Any(h => h.Kind == HitKind.KeytabMagic) ? "Kerberos keytab (version 0x05 0x0N)" : "Kerberos keytab (by name)", null));
                return results;
            case Known.AwsCredentials when AwsKeyLine().IsMatch(head):
                results.Add(new(CloudCredentials, e.Path, "AWS credentials file holding access keys", HeadDigest()));
                return results;
            case Known.GcloudFile when e.Size > 0:
                results.Add(new(CloudCredentials, e.Path, "Google Cloud SDK credentials", null));
                return results;
            case Known.AzureTokens when e.Size > 0:
                results.Add(new(CloudCredentials, e.Path, "Azure CLI token cache", null));
                return results;
            case Known.OpenStackClouds when OpenStackSecret().IsMatch(head):
                results.Add(new(CloudCredentials, e.Path, "OpenStack clouds.yaml holding a password or application credential", HeadDigest()));
                return results;
            case Known.S3Config when S3Secret().IsMatch(head):
                results.Add(new(CloudCredentials, e.Path, "S3 client configuration holding a secret key", HeadDigest()));
                return results;
            case Known.DockerConfig when DockerAuthPattern().IsMatch(head):
                results.Add(new(DockerAuth, e.Path, "container registry credentials (auths)", HeadDigest()));
                return results;
            case Known.Netrc when NetrcPassword().IsMatch(head):
                results.Add(new(Netrc, e.Path, ".netrc holding a password", HeadDigest()));
                return results;
            case Known.GitCredentials when GitCredential().IsMatch(head):
                results.Add(new(GitCredentials, e.Path, "stored git credentials (URL with a password)", HeadDigest()));
                return results;
            case Known.Pgpass when head.Split('\n').Any(l => !l.TrimStart().StartsWith('#') && l.Count(c => c == ':') >= 4 && !l.TrimEnd().EndsWith(':')):
                results.Add(new(Pgpass, e.Path, "PostgreSQL password file with entries", HeadDigest()));
                return results;
            case Known.MySql when MySqlPassword().IsMatch(head) || e.Name == ".mylogin.cnf":
                results.Add(new(MysqlPassword, e.Path, "MySQL/MariaDB client configuration holding a password", HeadDigest()));
                return results;
            case Known.History when e.Size > 0 && (secrets.Count > 0 || HistorySecret().IsMatch(head)):
                results.Add(new(ShellHistory, e.Path,
                    secrets.Count > 0 ? $"history holding a secret ({Describe(secrets, "token")})" : "history holding commands with passwords, tokens or keys", HeadDigest()));
                return results;
            case Known.CloudInit when e.Size > 0:
                results.Add(new(CloudInitUserData, e.Path, "cloud-init instance data left in the image (user data may hold passwords and keys)", null));
                return results;
        }

        // Batch-system, cluster, Vault and directory-service secrets by path (ServiceSecretRules).
        var named = ServiceSecretRules.ByPath(e, scan);
        if (named.Count > 0) return named;

        // Content: private keys, key stores, tokens.
        var keys = hits.Where(h => h.IsPrivateKey).ToList();
        if (hits.Any(h => h.Kind == HitKind.MarkerGcpServiceAccount) && keys.Count > 0)
        {
            results.Add(new(CloudCredentials, e.Path, "Google Cloud service-account key (JSON with a private key)", DigestOf(keys, e.Path)) { FromContent = true });
            keys.Clear();
        }
        if (keys.Count > 0)
        {
            var rule = e.Path.Contains("/.ssh/", StringComparison.Ordinal) ? SshUserKey
                : e.Path.StartsWith("/etc/grid-security/", StringComparison.Ordinal) ? GridHostKey
                : e.Name.StartsWith("ssh_host_", StringComparison.Ordinal) ? SshHostKey
                : PrivateKey;
            results.Add(new(rule, e.Path, Describe(keys, "private key"), DigestOf(keys, e.Path)) { FromContent = true });
        }
        var p12 = hits.Where(h => h.Kind == HitKind.Pkcs12).ToList();
        if (p12.Count > 0)
            results.Add(new(Pkcs12, e.Path, "PKCS#12 / PFX key store", DigestOf(p12, e.Path)) { FromContent = true });
        var jks = hits.Where(h => h.Kind == HitKind.JavaKeystorePrivate).ToList();
        if (jks.Count > 0)
            results.Add(new(JavaKeystore, e.Path, jks[0].Label, DigestOf(jks, e.Path)) { FromContent = true });
        var tokens = hits.Where(h => h.IsToken).ToList();
        if (tokens.Count > 0)
        {
            var aws = hits.Any(h => h.Kind == HitKind.MarkerAwsSecret) && tokens.Any(t => t.Kind == HitKind.AwsAccessKeyId);
            results.Add(new(aws ? CloudCredentials : ApiToken, e.Path,
                aws ? "AWS access key with its secret" : Describe(tokens, "token"), DigestOf(tokens, e.Path)) { FromContent = true });
        }
        results.AddRange(ServiceSecretRules.ByContent(e, hits));
        // Key material nobody named and literal secrets in configuration: only where nothing more precise applies.
        if (results.Count == 0 && PathKind(e) is null) results.AddRange(ServiceSecretRules.Heuristic(e, scan));
        return results;
    }

    private static string Describe(IReadOnlyList<ContentHit> hits, string noun)
    {
        if (hits.Count == 0) return noun;
        var labels = hits.Select(h => h.Label).Distinct().ToList();
        var text = string.Join(", ", labels);
        return hits.Count > 1 ? $"{text} ({hits.Count} found)" : text;
    }

    private enum Known
    {
        HostKey, Snakeoil, AuthorizedKeys, Munge, Keytab, AwsCredentials, GcloudFile, AzureTokens, OpenStackClouds, S3Config,
        DockerConfig, Netrc, GitCredentials, Pgpass, MySql, History, CloudInit,
    }

    private static Known? PathKind(FileEntry e)
    {
        var path = e.Path;
        var name = e.Name;
        if (path.StartsWith("/etc/ssh/", StringComparison.Ordinal) && name.StartsWith("ssh_host_", StringComparison.Ordinal) && name.EndsWith("_key", StringComparison.Ordinal))
            return Known.HostKey;
        if (path == SnakeoilPath) return Known.Snakeoil;
        if (name is "authorized_keys" or "authorized_keys2") return Known.AuthorizedKeys;
        if (name == "munge.key") return Known.Munge;
        if (name.EndsWith(".keytab", StringComparison.Ordinal)) return Known.Keytab;
        if (path.EndsWith("/.aws/credentials", StringComparison.Ordinal) || path.EndsWith("/.aws/config", StringComparison.Ordinal)) return Known.AwsCredentials;
        if (path.Contains("/.config/gcloud/", StringComparison.Ordinal) &&
            (name is "credentials.db" or "access_tokens.db" or "application_default_credentials.json" || path.Contains("/legacy_credentials/", StringComparison.Ordinal)))
            return Known.GcloudFile;
        if (path.Contains("/.azure/", StringComparison.Ordinal) && name is "accessTokens.json" or "msal_token_cache.json" or "msal_token_cache.bin" or "service_principal_entries.json")
            return Known.AzureTokens;
        if (name is "clouds.yaml" or "secure.yaml") return Known.OpenStackClouds;
        if (name is ".s3cfg" or ".boto" or ".passwd-s3fs" or "passwd-s3fs") return Known.S3Config;
        if ((name == "config.json" && path.Contains("/.docker/", StringComparison.Ordinal)) ||
            (name == "auth.json" && path.Contains("/containers/", StringComparison.Ordinal)))
            return Known.DockerConfig;
        if (name is ".netrc" or "_netrc") return Known.Netrc;
        if (name == ".git-credentials" || path.EndsWith("/.config/git/credentials", StringComparison.Ordinal)) return Known.GitCredentials;
        if (name == ".pgpass") return Known.Pgpass;
        if (name is ".my.cnf" or ".mylogin.cnf" || (path.StartsWith("/etc/mysql/", StringComparison.Ordinal) && name.EndsWith(".cnf", StringComparison.Ordinal)))
            return Known.MySql;
        if (HistoryNames.Contains(name)) return Known.History;
        if (path.StartsWith("/var/lib/cloud/", StringComparison.Ordinal) && (name.StartsWith("user-data", StringComparison.Ordinal) || name.StartsWith("vendor-data", StringComparison.Ordinal)))
            return Known.CloudInit;
        return null;
    }

    [GeneratedRegex(@"(?im)^\s*(aws_secret_access_key|aws_session_token)\s*=\s*\S")]
    private static partial Regex AwsKeyLine();

    [GeneratedRegex(@"(?im)^\s*(password|application_credential_secret|token)\s*:\s*\S")]
    private static partial Regex OpenStackSecret();

    [GeneratedRegex(@"(?im)^\s*(secret_key|aws_secret_access_key|secret)\s*=\s*\S|^[^:\s]+:\S+")]
    private static partial Regex S3Secret();

    [GeneratedRegex(@"""(auth|identitytoken|registrytoken)""\s*:\s*""[^""]+""")]
    private static partial Regex DockerAuthPattern();

    [GeneratedRegex(@"(?m)\bpassword\s+\S+")]
    private static partial Regex NetrcPassword();

    [GeneratedRegex(@"(?m)^\s*[a-z][a-z0-9+.-]*://[^:/@\s]*:[^@\s]+@")]
    private static partial Regex GitCredential();

    [GeneratedRegex(@"(?im)^\s*password\s*=\s*\S")]
    private static partial Regex MySqlPassword();

    [GeneratedRegex(@"(?i)(pass(word|wd)?\b|secret|token|api[_-]?key|private key|authorization:|sshpass|(^|\s)-p\S|--password|\bcurl\b.*\s-u\s)")]
    private static partial Regex HistorySecret();
}
