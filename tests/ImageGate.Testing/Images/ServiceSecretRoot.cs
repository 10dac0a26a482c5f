using System.Security.Cryptography;
using System.Text;

namespace ImageGate.Testing.Images;

/// <summary>Plants the secrets grid worker nodes and cloud builds leave behind (issue 21) into a fresh root, with
/// look-alikes that must stay silent. Every secret is derived at run time from a label (no token-shaped literal lives
/// in this repository) or made fresh (keys).</summary>
public sealed class ServiceSecretRoot
{
    private readonly string root;
    private readonly List<(string Path, string RuleId)> planted = [];
    private readonly List<string> silent = [];
    private readonly List<string> secrets = [];

    private ServiceSecretRoot(string root) => this.root = root;

    /// <summary>(path, rule) of every planted secret.</summary>
    public IReadOnlyList<(string Path, string RuleId)> Planted => planted;

    /// <summary>Files that look like secrets but are not (placeholders, references, public or world-readable data).</summary>
    public IReadOnlyList<string> Silent => silent;

    /// <summary>Files a package shipped unchanged (md5sums or conffile) that hold a literal secret.</summary>
    public IReadOnlyList<string> Packaged { get; } = ["/etc/pkgd/sample.conf", "/etc/pkgd/pkgd.conf"];

    /// <summary>The secret strings (and the hex/base64 of binary ones) no output may contain.</summary>
    public IReadOnlyList<string> Secrets => secrets;

    /// <summary>A deterministic pseudo-random string of <paramref name="length"/> characters of <paramref name="alphabet"/>.</summary>
    public static string Tok(string label, int length, string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    {
        var sb = new StringBuilder();
        for (var i = 0; sb.Length < length; i++)
            foreach (var b in SHA256.HashData(Encoding.UTF8.GetBytes($"{label}/{i}")))
                if (sb.Length < length) sb.Append(alphabet[b % alphabet.Length]);
        return sb.ToString();
    }

    private static byte[] Bytes(string label, int length)
    {
        var result = new List<byte>();
        for (var i = 0; result.Count < length; i++) result.AddRange(SHA256.HashData(Encoding.UTF8.GetBytes($"{label}#{i}")));
        return result.Take(length).ToArray();
    }

    private static string B64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A signed HS256 JWT with the given subject.</summary>
    public static string Jwt(string subject)
    {
        var header = B64Url(Encoding.UTF8.GetBytes("""{"alg":"HS256","kid":"POOL","typ":"JWT"}"""));
        var payload = B64Url(Encoding.UTF8.GetBytes($$"""{"iat":1764000000,"iss":"pool.example.org","jti":"{{Tok(subject, 32, "0123456789abcdef")}}","scope":"condor:/READ condor:/WRITE","sub":"{{subject}}@pool.example.org"}"""));
        var signature = B64Url(HMACSHA256.HashData(Bytes("jwt-key-" + subject, 32), Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }

    private string Write(string path, string text, UnixFileMode? mode = null) => Write(path, Encoding.UTF8.GetBytes(text), mode);

    private string Write(string path, byte[] bytes, UnixFileMode? mode = null)
    {
        var full = root + path;
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        if (mode is { } m && !OperatingSystem.IsWindows()) File.SetUnixFileMode(full, m);
        return path;
    }

    private void Secret(string path, string rule, string text, UnixFileMode? mode = null, params string[] secret)
    {
        Write(path, text, mode);
        planted.Add((path, rule));
        secrets.AddRange(secret);
    }

    private void SecretBytes(string path, string rule, byte[] bytes, UnixFileMode? mode = null)
    {
        Write(path, bytes, mode);
        planted.Add((path, rule));
        secrets.Add(Convert.ToHexString(bytes.AsSpan(0, 16)));
        secrets.Add(Convert.ToHexStringLower(bytes.AsSpan(0, 16)));
        secrets.Add(Convert.ToBase64String(bytes.AsSpan(0, 15)));
    }

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Plants everything into <paramref name="root"/>.</summary>
    public static ServiceSecretRoot Plant(string root)
    {
        var r = new ServiceSecretRoot(root.TrimEnd('/'));
        r.PlantAll();
        return r;
    }

    private void PlantAll()
    {
        // Batch-system and cluster secrets
        SecretBytes("/etc/condor/passwords.d/POOL", "credentials/htcondor-secret", Bytes("condor-pool", 256), OwnerOnly);
        var idtoken = Jwt("condor");
        Secret("/var/lib/condor/tokens.d/condor@pool", "credentials/htcondor-secret", idtoken + "\n", OwnerOnly, idtoken);
        var poolPassword = Tok("pool-password", 24);
        Secret("/etc/condor/pool_password", "credentials/htcondor-secret", poolPassword, OwnerOnly, poolPassword);
        Write("/etc/condor/config.d/50-security.conf", "SEC_DEFAULT_AUTHENTICATION_METHODS = IDTOKENS, PASSWORD\nSEC_PASSWORD_DIRECTORY = $(LOCAL_DIR)/lib/condor/keys\n");
        SecretBytes("/var/lib/condor/keys/CLUSTER", "credentials/htcondor-secret", Bytes("condor-cluster", 64));
        SecretBytes("/etc/slurm/jwt_hs256.key", "credentials/cluster-key", Bytes("slurm-jwt", 32), OwnerOnly);
        Write("/etc/slurm/slurm.conf", "ClusterName=planted\nAuthType=auth/munge\nAuthAltTypes=auth/jwt\nAuthAltParameters=jwt_key=/var/spool/slurmctld/jwt.secret,disable_token_creation\n");
        SecretBytes("/var/spool/slurmctld/jwt.secret", "credentials/cluster-key", Bytes("slurm-jwt-2", 32));
        SecretBytes("/etc/slurm/slurm.key", "credentials/cluster-key", Bytes("slurm-key", 1024), OwnerOnly);
        SecretBytes("/var/spool/pbs/server_priv/db_password", "credentials/cluster-key", Bytes("pbs", 24), OwnerOnly);
        SecretBytes("/etc/corosync/authkey", "credentials/cluster-key", Bytes("corosync", 256), OwnerOnly);
        var ceph = Convert.ToBase64String(Bytes("ceph", 28));
        Secret("/etc/ceph/ceph.client.admin.keyring", "credentials/cluster-key", $"[client.admin]\n\tkey = {ceph}\n\tcaps mon = \"allow *\"\n", null, ceph);
        var storagePass = Tok("slurmdbd", 20);
        Secret("/etc/slurm/slurmdbd.conf", "credentials/config-password", $"AuthType=auth/munge\nDbdHost=localhost\nStorageType=accounting_storage/mysql\nStorageUser=slurm\nStoragePass={storagePass}\n", OwnerOnly, storagePass);

        // Service tokens
        var legacy = "s." + Tok("vault-legacy", 24);
        Secret("/opt/app/vault.env", "credentials/vault-token", $"VAULT_ADDR=https://vault.example.org:8200\nVAULT_TOKEN={legacy}\n", null, legacy);
        var hvs = "hvs.CAESI" + Tok("vault-hvs", 86, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
        Secret("/srv/ci/vault.json", "credentials/vault-token", $"{{\n  \"address\": \"https://vault.example.org\",\n  \"auth\": {{ \"client_token\": \"{hvs}\" }}\n}}\n", null, hvs);
        var legacyFile = "s." + Tok("vault-file", 24);
        Secret("/root/.vault-token", "credentials/vault-token", legacyFile, OwnerOnly, legacyFile);
        var jwt = Jwt("service");
        Secret("/opt/app/client.yaml", "credentials/jwt", $"endpoint: https://api.example.org\nauth:\n  bearer: {jwt}\n", null, jwt);
        var glrt = "glrt-" + Tok("gitlab-runner", 20);
        Secret("/etc/gitlab-runner/config.toml", "credentials/api-token", $"concurrent = 1\n[[runners]]\n  name = \"ci\"\n  url = \"https://gitlab.example.org\"\n  token = \"{glrt}\"\n", null, glrt);
        var hf = "hf_" + Tok("hf", 34, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
        Secret("/home/alice/.cache/huggingface/token", "credentials/api-token", hf, null, hf);
        var dckr = "dckr_pat_" + Tok("dockerhub", 27, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
        Secret("/opt/ci/push.sh", "credentials/api-token", $"#!/bin/sh\necho {dckr} | docker login -u ci --password-stdin\n", null, dckr);
        var pypi = "pypi-AgEIcHlwaS5vcmc" + Tok("pypi", 60, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");
        Secret("/root/.pypirc", "credentials/api-token", $"[pypi]\nusername = __token__\npassword = {pypi}\n", OwnerOnly, pypi);
        var openai = "sk-proj-" + Tok("openai-1", 40) + "T3BlbkFJ" + Tok("openai-2", 40);
        Secret("/opt/tokens/openai.env", "credentials/api-token", $"OPENAI_API_KEY={openai}\n", null, openai);
        var anthropic = "sk-ant-api03-" + Tok("anthropic", 93, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") + "AA";
        Secret("/opt/tokens/anthropic.txt", "credentials/api-token", anthropic + "\n", null, anthropic);

        // Keys embedded in configuration
        using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var pem = ec.ExportECPrivateKeyPem();
            var b64 = Convert.ToBase64String(Encoding.ASCII.GetBytes(pem + "\n"));
            Secret("/root/.kube/config", "credentials/embedded-private-key",
                $"apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-certificate-data: {Convert.ToBase64String(Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"))}\n    client-key-data: {b64}\n",
                OwnerOnly, [b64[..60], .. PemFragments(pem)]);
        }
        using (var rsa = RSA.Create(2048))
        {
            var pem = rsa.ExportPkcs8PrivateKeyPem();
            var indented = string.Join("\n", pem.Split('\n').Select(l => "    " + l));
            Secret("/etc/app/values.yaml", "credentials/private-key", $"tls:\n  enabled: true\n  key: |\n{indented}\n", null, PemFragments(pem));
            var b64 = Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));
            Secret("/etc/app/service.ini", "credentials/embedded-private-key", $"[tls]\nkey_b64 = {b64}\n", null, b64[..60]);
        }

        // Directory-service bind passwords
        var authtok = Tok("sssd", 16);
        Secret("/etc/sssd/sssd.conf", "credentials/ldap-bind-password",
            $"[sssd]\nservices = nss, pam\ndomains = LDAP\n\n[domain/LDAP]\nid_provider = ldap\nldap_uri = ldaps://ldap.example.org\nldap_default_bind_dn = cn=sssd,dc=example,dc=org\nldap_default_authtok_type = password\nldap_default_authtok = {authtok}\n",
            OwnerOnly, authtok);
        var bindpw = Tok("nslcd", 16);
        Secret("/etc/nslcd.conf", "credentials/ldap-bind-password", $"uid nslcd\ngid nslcd\nuri ldap://ldap.example.org/\nbase dc=example,dc=org\nbinddn cn=nslcd,dc=example,dc=org\nbindpw {bindpw}\n", null, bindpw);
        var secretFile = Tok("ldap-secret", 16);
        Secret("/etc/ldap.secret", "credentials/ldap-bind-password", secretFile + "\n", OwnerOnly, secretFile);
        var rootbindpw = Tok("libnss-ldap", 16);
        Secret("/etc/libnss-ldap.conf", "credentials/ldap-bind-password", $"base dc=example,dc=org\nuri ldap://ldap.example.org/\nrootbinddn cn=manager,dc=example,dc=org\nrootbindpw {rootbindpw}\n", null, rootbindpw);

        // Literal secrets in configuration
        var dbPassword = Tok("app-db", 18);
        Secret("/etc/myapp/app.conf", "credentials/config-password", $"[db]\nhost = db.example.org\nuser = app\ndb_password = {dbPassword}\n", null, dbPassword);
        var apiToken = Tok("svc-api", 32);
        Secret("/opt/svc/config.yaml", "credentials/config-password", $"service:\n  url: https://svc.example.org\n  api_token: \"{apiToken}\"\n", null, apiToken);
        var xmlPassword = Tok("xml", 14);
        Secret("/srv/tomcat/conf/context.xml", "credentials/config-password", $"<Context>\n  <Resource name=\"jdbc/app\"/>\n  <password>{xmlPassword}</password>\n</Context>\n", null, xmlPassword);
        var changed = Tok("changed-conffile", 16);
        Secret("/etc/pkgd/changed.conf", "credentials/config-password", $"password = {changed}\n", null, changed);

        // Key material nobody named
        SecretBytes("/etc/myd/shared.key", "credentials/secret-file", Bytes("myd", 64), OwnerOnly);
        var cookie = Convert.ToBase64String(Bytes("cookie", 33));
        Secret("/var/lib/myd/cookie", "credentials/secret-file", cookie + "\n", OwnerOnly, cookie);
        var hex = Convert.ToHexStringLower(Bytes("hexkey", 32));
        Secret("/home/alice/.config/svc/secret", "credentials/secret-file", hex + "\n", OwnerOnly, hex);

        // Look-alikes that must stay silent
        silent.Add(Write("/etc/placeholders/app.conf", string.Join("\n",
            "[db]", "password = changeme", "secret = ${APP_SECRET}", "token: {{ vault_token }}", "password_file = /etc/app/pw",
            "bindpw = %(pw)s", "passwd: <your password>", "api_key: \"***\"", "password=", "lock_passwd: true", "db_pass = $DB_PASS",
            "client_secret: !vault |", "token = xxxxxxxx", "secret_key = REPLACE_ME", "password: ", "token_url = https://auth.example.org/token",
            "# password = commented-out-value", "auth_token = env:AUTH_TOKEN", "secret = secret.key", "passphrase = \"\"",
            "challengePassword = A challenge password", "bypass = 9f8e7d6c5b4a", "") + "\n"));
        silent.Add(Write("/etc/placeholders/versions.conf", $"release = s.{Tok("not-a-vault-token", 24)}\nheader = eyJub3QiOiJhIGp3dCJ9.eyJ4IjoxfQ.c2ln\n"));
        silent.Add(Write("/etc/myd/world-readable.key", Bytes("public", 64)));
        silent.Add(Write("/etc/myd/notes", "this is only an owner-only note, nothing secret\n", OwnerOnly));
        silent.Add(Write("/var/lib/systemd/random-seed", Bytes("seed", 512), OwnerOnly));
        silent.Add(Write("/etc/ldap/ldap.conf", "BASE dc=example,dc=org\nURI ldap://ldap.example.org\n#bindpw commented-out\n"));
        silent.Add(Write("/etc/myd/state.gz", [0x1F, 0x8B, .. Bytes("gz", 100)], OwnerOnly));
        silent.Add(Write("/opt/app/README.conf", "password = \"see the operations guide\"\n"));

        // A package's files, shipped unchanged: a sample configuration (md5sums) and a conffile (status).
        var sample = Write("/etc/pkgd/sample.conf", $"password = {Tok("pkgd-sample", 16)}\n");
        var conffile = Write("/etc/pkgd/pkgd.conf", $"api_token = {Tok("pkgd-conffile", 16)}\n");
        Write("/var/lib/dpkg/info/pkgd.md5sums", $"{Md5(sample)}  etc/pkgd/sample.conf\n{Convert.ToHexStringLower(new byte[16])}  etc/pkgd/changed.conf\n");
        Write("/var/lib/dpkg/status",
            $"Package: pkgd\nStatus: install ok installed\nPriority: optional\nSection: misc\nMaintainer: Nobody <nobody@example.org>\nArchitecture: all\nVersion: 1.0-1\n"
            + $"Conffiles:\n /etc/pkgd/pkgd.conf {Md5(conffile)}\nDescription: a package shipping sample secrets\n\n");
    }

    private string Md5(string path) => Convert.ToHexStringLower(MD5.HashData(File.ReadAllBytes(root + path)));

    private static string[] PemFragments(string pem) =>
        pem.Split('\n').Where(l => l.Length >= 40 && !l.StartsWith("-----", StringComparison.Ordinal)).Take(4).Select(l => l[..40]).ToArray();
}
