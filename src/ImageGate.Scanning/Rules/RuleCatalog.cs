namespace ImageGate.Scanning.Rules;

/// <summary>The built-in rules of the scan, with their default severities and clauses (docs/policy.md has the table).</summary>
public static class RuleCatalog
{
    private const string RemoveKey = "Remove it from the image; create it at first boot or let the site inject it (cloud-init).";
    private const string RemoveSecret = "Remove the file or the secret from the image; rotate the secret, it has been exposed.";
    private const string RepositoryCredentials = "Inject repository credentials at build time only (a build secret, or an auth file created and removed within the build); keep the image's sources credential-free and rotate the password.";

    private static RuleDefinition Cred(string name, string title, Severity severity, string remedy = RemoveSecret) =>
        new($"credentials/{name}", title, severity, PolicyClauses.NoCredentials) { Remedy = remedy };

    /// <summary>Every built-in rule, in report order.</summary>
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        Cred("private-key", "A private key (PEM RSA/EC/DSA/PKCS#8, encrypted or not, OpenSSH, PGP)", Severity.Critical, RemoveKey),
        Cred("ssh-user-key", "A user's SSH private key (OpenSSH, PEM or PuTTY)", Severity.Critical, RemoveKey),
        Cred("ssh-host-key", "An SSH host private key baked into the image", Severity.Critical,
            "Delete /etc/ssh/ssh_host_*_key*; sshd or cloud-init regenerates them at first boot."),
        Cred("authorized-keys", "An authorized_keys entry: an installed access path (a classic Packer leftover)", Severity.High,
            "Empty or delete the authorized_keys file at the end of the build; let cloud-init install the site's keys."),
        Cred("grid-host-key", "A grid or service host key (e.g. /etc/grid-security/hostkey.pem)", Severity.Critical, RemoveKey),
        Cred("pkcs12", "A PKCS#12 / PFX key store", Severity.Critical, RemoveKey),
        Cred("java-keystore", "A Java key store holding a private-key entry", Severity.Critical, RemoveKey),
        Cred("kerberos-keytab", "A Kerberos keytab", Severity.Critical, RemoveKey),
        Cred("munge-key", "A munge key", Severity.Critical, "Remove /etc/munge/munge.key; the site provides its own."),
        Cred("cloud-credentials", "Cloud credentials (AWS, GCP service account, Azure, OpenStack)", Severity.Critical),
        Cred("docker-auth", "Container registry credentials (Docker/Podman auths)", Severity.High),
        Cred("netrc", "A .netrc holding a password", Severity.High),
        Cred("git-credentials", "Stored git credentials", Severity.High),
        Cred("pgpass", "A PostgreSQL password file", Severity.High),
        Cred("mysql-password", "A MySQL/MariaDB client password", Severity.High),
        Cred("repository-password", "A package repository source holding credentials (user:password@ in an apt source or a yum/dnf URL, yum/dnf username/password)", Severity.High, RepositoryCredentials),
        Cred("apt-auth", "An apt auth.conf (/etc/apt/auth.conf, auth.conf.d) holding repository passwords", Severity.High,
            "Inject repository credentials at build time only and remove /etc/apt/auth.conf and /etc/apt/auth.conf.d/* at the end of the build; rotate the password."),
        Cred("repository-client-key", "A yum/dnf repository whose TLS client key (sslclientkey) is in the image", Severity.Critical,
            "Inject the client key at build time only; remove it and the sslclientkey setting at the end of the build, and revoke its certificate."),
        new("credentials/api-token", "An API token with a recognisable format (GitHub, GitLab, Slack, AWS, Google …)", Severity.High, PolicyClauses.Confidentiality) { Remedy = RemoveSecret },
        new("credentials/shell-history", "A shell or client history holding secrets", Severity.High, PolicyClauses.Confidentiality)
            { Remedy = "Delete the history files at the end of the build (and rotate what they hold)." },
        new("credentials/cloud-init-user-data", "Cloud-init leftovers holding an instance's user data", Severity.High, PolicyClauses.Confidentiality)
            { Remedy = "Run `cloud-init clean --logs --seed` at the end of the build." },
        .. ServiceSecretCatalog.All,

        new("accounts/root-password", "The root account has a password (or an empty one)", Severity.High, PolicyClauses.NoCredentials)
            { Remedy = "Lock root's password (`passwd -l root`, `*` in /etc/shadow)." },
        new("accounts/password-login", "An account can log in with a password (a usable hash in shadow, passwd or a backup)", Severity.High, PolicyClauses.NoCredentials)
            { Remedy = "Lock the account's password and remove the shadow-/passwd- backups holding hashes." },
        new("accounts/key-login", "An account with a login shell and installed SSH keys", Severity.High, PolicyClauses.NoCredentials)
            { Remedy = "Remove the account's authorized_keys; let cloud-init install the site's keys." },
        new("accounts/non-system-user", "A non-system user account (uid at or above UID_MIN)", Severity.High, PolicyClauses.NoCredentials)
            { Remedy = "Remove the user (`userdel -r`); accounts are created by the site at instantiation." },
        new("accounts/passwordless-sudo", "Passwordless sudo for a user or group other than root", Severity.High, PolicyClauses.LocalAuthorisation)
            { Remedy = "Remove the NOPASSWD rule; the site decides who may become root." },

        new("traceability/journald-disabled", "journald does not store logs (Storage=none)", Severity.High, PolicyClauses.Traceability)
            { Remedy = "Remove Storage=none (use auto or persistent)." },
        new("traceability/logging-masked", "A logging service is masked", Severity.High, PolicyClauses.Traceability)
            { Remedy = "Unmask the service (remove the /dev/null unit link)." },
        new("traceability/var-log-discarded", "/var/log leads to /dev/null", Severity.High, PolicyClauses.Traceability)
            { Remedy = "Make /var/log a real directory." },
        new("traceability/log-wiping", "Logs are wiped at boot", Severity.High, PolicyClauses.Traceability)
            { Remedy = "Remove the rule or script that deletes /var/log at boot." },
        new("traceability/no-logging", "No logging service is installed (neither journald nor a syslog daemon)", Severity.Medium, PolicyClauses.Traceability)
            { Remedy = "Install systemd-journald or rsyslog." },
        new("traceability/no-time-service", "No time synchronisation service is installed", Severity.Low, PolicyClauses.Traceability)
            { Remedy = "Install systemd-timesyncd or chrony so log times can be correlated." },
        new("traceability/machine-id", "/etc/machine-id is baked into the image (every instance would share it)", Severity.Medium, PolicyClauses.Traceability)
            { Remedy = "Empty /etc/machine-id at the end of the build (`truncate -s 0 /etc/machine-id`)." },

        new("contextualisation/no-agent", "No contextualisation agent (cloud-init or equivalent)", Severity.Medium, PolicyClauses.LocalAuthorisation)
            { Remedy = "Install cloud-init (or an equivalent agent) so the site can inject its own credentials and authorisation." },
        new("contextualisation/ssh-root-password-login", "SSH allows root to log in with a password", Severity.High, PolicyClauses.LocalAuthorisation)
            { Remedy = "Set `PermitRootLogin prohibit-password` (or no) and `PasswordAuthentication no`." },

        new("licences/denied", "A package's licence expression cannot be met without a licence the policy denies", Severity.High, PolicyClauses.Licences)
            { Remedy = "Remove the package (or replace it with one under an allowed licence), or record a licence exception with the reason it may be distributed." },
        new("licences/non-free", "A package from a non-free source: a Debian non-free archive area (non-free, non-free-firmware), or an rpm repository the policy lists as non-free (or none recorded)", Severity.Medium, PolicyClauses.Licences)
            { Remedy = "Check the package's licence (its copyright file or licence folder) allows redistribution in a public image; then record a licence exception, or remove the package." },
        new("licences/unknown", "A package with no machine-readable licence, or one the policy neither allows nor denies (LicenseRef, unknown id, unlisted category)", Severity.Medium, PolicyClauses.Licences)
            { Remedy = "Read the package's licence; allow its id in the policy's licences section or record a licence exception with the reason." },

        new("tooling/waiver-expired", "A waiver in the policy has expired and no longer applies", Severity.Info, PolicyClauses.SecurityPatches)
            { Remedy = "Renew the waiver with a new approval, or fix the finding." },
    ];

    /// <summary>The built-in rule with <paramref name="id"/>, or null.</summary>
    public static RuleDefinition? Find(string id) => All.FirstOrDefault(r => r.Id == id);
}
