using ImageGate.Scanning.Accounts;
using ImageGate.Scanning.Contextualisation;
using ImageGate.Scanning.Credentials;
using ImageGate.Scanning.Licences;
using ImageGate.Scanning.Traceability;

namespace ImageGate.Scanning.Rules;

/// <summary>The built-in rules of the scan, with their default severities and clauses (docs/policy.md has the table).</summary>
public static class RuleCatalog
{
    /// <summary>Rule id <c>tooling/waiver-expired</c>: a waiver in the policy has expired.</summary>
    internal const string WaiverExpired = "tooling/waiver-expired";

    private const string RemoveKey = "Remove it from the image; create it at first boot or let the site inject it (cloud-init).";
    private const string RemoveSecret = "Remove the file or the secret from the image; rotate the secret, it has been exposed.";
    private const string RepositoryCredentials = "Inject repository credentials at build time only (a build secret, or an auth file created and removed within the build); keep the image's sources credential-free and rotate the password.";

    private static RuleDefinition Cred(string id, string title, Severity severity, string remedy = RemoveSecret) =>
        new(id, title, severity, PolicyClauses.NoCredentials) { Remedy = remedy };

    /// <summary>Every built-in rule, in report order.</summary>
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        Cred(CredentialRules.PrivateKey, "A private key (PEM RSA/EC/DSA/PKCS#8, encrypted or not, OpenSSH, PGP)", Severity.Critical, RemoveKey),
        Cred(CredentialRules.SshUserKey, "A user's SSH private key (OpenSSH, PEM or PuTTY)", Severity.Critical, RemoveKey),
        Cred(CredentialRules.SshHostKey, "An SSH host private key baked into the image", Severity.Critical,
            "Delete the host keys at the end of the build (`rm -f /etc/ssh/ssh_host_*_key /etc/ssh/ssh_host_*_key.pub`); cloud-init (or sshd-keygen / ssh's unit where cloud-init is not used) generates each instance its own at first boot."),
        Cred(CredentialRules.SnakeoilKey, "ssl-cert's snakeoil TLS key (/etc/ssl/private/ssl-cert-snakeoil.key), generated at build time and shared by every instance", Severity.High,
            "Delete /etc/ssl/private/ssl-cert-snakeoil.key and /etc/ssl/certs/ssl-cert-snakeoil.pem at the end of the build and run `make-ssl-cert generate-default-snakeoil --force-overwrite` at first boot (a cloud-init bootcmd or a oneshot unit) instead of baking a key."),
        Cred(CredentialRules.AuthorizedKeys, "An authorized_keys entry: an installed access path (a classic Packer leftover)", Severity.High,
            "Empty or delete the authorized_keys file at the end of the build; let cloud-init install the site's keys."),
        Cred(CredentialRules.GridHostKey, "A grid or service host key (e.g. /etc/grid-security/hostkey.pem)", Severity.Critical, RemoveKey),
        Cred(CredentialRules.Pkcs12, "A PKCS#12 / PFX key store", Severity.Critical, RemoveKey),
        Cred(CredentialRules.JavaKeystore, "A Java key store holding a private-key entry", Severity.Critical, RemoveKey),
        Cred(CredentialRules.KerberosKeytab, "A Kerberos keytab", Severity.Critical, RemoveKey),
        Cred(CredentialRules.MungeKey, "A munge key", Severity.Critical, "Remove /etc/munge/munge.key; the site provides its own."),
        Cred(CredentialRules.CloudCredentials, "Cloud credentials (AWS, GCP service account, Azure, OpenStack)", Severity.Critical),
        Cred(CredentialRules.DockerAuth, "Container registry credentials (Docker/Podman auths)", Severity.High),
        Cred(CredentialRules.Netrc, "A .netrc holding a password", Severity.High),
        Cred(CredentialRules.GitCredentials, "Stored git credentials", Severity.High),
        Cred(CredentialRules.Pgpass, "A PostgreSQL password file", Severity.High),
        Cred(CredentialRules.MysqlPassword, "A MySQL/MariaDB client password", Severity.High),
        Cred(RepositoryCredentialRules.RepositoryPassword, "A package repository source holding credentials (user:password@ in an apt source or a yum/dnf URL, yum/dnf username/password)", Severity.High, RepositoryCredentials),
        Cred(RepositoryCredentialRules.AptAuth, "An apt auth.conf (/etc/apt/auth.conf, auth.conf.d) holding repository passwords", Severity.High,
            "Inject repository credentials at build time only and remove /etc/apt/auth.conf and /etc/apt/auth.conf.d/* at the end of the build; rotate the password."),
        Cred(RepositoryCredentialRules.RepositoryClientKey, "A yum/dnf repository whose TLS client key (sslclientkey) is in the image", Severity.Critical,
            "Inject the client key at build time only; remove it and the sslclientkey setting at the end of the build, and revoke its certificate."),
        new(CredentialRules.ApiToken, "An API token with a recognisable format (GitHub, GitLab, Slack, AWS, Google …)", Severity.High, PolicyClauses.Confidentiality) { Remedy = RemoveSecret },
        new(CredentialRules.ShellHistory, "A shell or client history holding secrets", Severity.High, PolicyClauses.Confidentiality)
            { Remedy = "Delete the history files at the end of the build (and rotate what they hold)." },
        new(CredentialRules.CloudInitUserData, "Cloud-init leftovers holding an instance's user data", Severity.High, PolicyClauses.Confidentiality)
            { Remedy = "Run `cloud-init clean --logs --seed` at the end of the build." },
        .. ServiceSecretCatalog.All,

        new(AccountRules.RootPassword, "The root account has a password (or an empty one)", Severity.High, PolicyClauses.NoCredentials)
            { Remedy = "Lock root's password (`passwd -l root`, `*` in /etc/shadow)." },
        new(AccountRules.PasswordLogin, "An account can log in with a password (a usable hash in shadow, passwd or a backup)", Severity.High, PolicyClauses.NoCredentials)
            { Remedy = "Lock the account's password and remove the shadow-/passwd- backups holding hashes." },
        new(AccountRules.KeyLogin, "An account with a login shell and installed SSH keys", Severity.High, PolicyClauses.NoCredentials)
            { Remedy = "Remove the account's authorized_keys; let cloud-init install the site's keys." },
        new(AccountRules.NonSystemUser, "A non-system user account (uid at or above UID_MIN)", Severity.High, PolicyClauses.NoCredentials)
            { Remedy = "Remove the build user, its keys and its sudo rule in the last provisioner (`userdel -r USER; rm -f /etc/sudoers.d/USER`); accounts are created by the site at instantiation (cloud-init)." },
        new(AccountRules.PasswordlessSudo, "Passwordless sudo for a user or group other than root", Severity.High, PolicyClauses.LocalAuthorisation)
            { Remedy = "Remove the NOPASSWD rule (a build user's /etc/sudoers.d file) in the last provisioner; the site decides who may become root (cloud-init's default user)." },

        new(TraceabilityRules.JournaldDisabled, "journald does not store logs (Storage=none)", Severity.High, PolicyClauses.Traceability)
            { Remedy = "Remove Storage=none (use auto or persistent)." },
        new(TraceabilityRules.LoggingMasked, "A logging service is masked", Severity.High, PolicyClauses.Traceability)
            { Remedy = "Unmask the service (remove the /dev/null unit link)." },
        new(TraceabilityRules.VarLogDiscarded, "/var/log leads to /dev/null", Severity.High, PolicyClauses.Traceability)
            { Remedy = "Make /var/log a real directory." },
        new(TraceabilityRules.LogWiping, "Logs are wiped at boot", Severity.High, PolicyClauses.Traceability)
            { Remedy = "Remove the rule or script that deletes /var/log at boot." },
        new(TraceabilityRules.NoLogging, "No logging service runs (neither journald nor a syslog daemon is installed, enabled and unmasked)", Severity.Medium, PolicyClauses.Traceability)
            { Remedy = "Install rsyslog (or keep systemd-journald) and enable it (`systemctl enable rsyslog`); unmask what is masked." },
        new(TraceabilityRules.NoTimeService, "No time synchronisation service runs (timesyncd, chrony, ntp: installed, enabled and unmasked)", Severity.Low, PolicyClauses.Traceability)
            { Remedy = "Install systemd-timesyncd or chrony and enable it (`systemctl enable chrony`) so log times can be correlated." },
        new(TraceabilityRules.MachineId, "/etc/machine-id is baked into the image (every instance would share it)", Severity.Medium, PolicyClauses.Traceability)
            { Remedy = "Empty /etc/machine-id at the end of the build (`truncate -s 0 /etc/machine-id`)." },

        new(ContextualisationRules.NoAgent, "No contextualisation agent (cloud-init or equivalent) that starts at boot: none installed, or disabled (cloud-init.disabled, masked or unlinked units)", Severity.Medium, PolicyClauses.LocalAuthorisation)
            { Remedy = "Install cloud-init (or an equivalent agent) and leave it enabled (its units linked, none masked, no /etc/cloud/cloud-init.disabled) so the site can inject its own credentials and authorisation." },
        new(ContextualisationRules.NoDatasource, "cloud-init's datasource_list names none of the data sources cloud sites provide (OpenStack, ConfigDrive, NoCloud, OpenNebula)", Severity.Medium, PolicyClauses.LocalAuthorisation)
            { Remedy = "Keep OpenStack, ConfigDrive, NoCloud and OpenNebula in datasource_list (or drop the setting: cloud-init then tries all it has), e.g. `datasource_list: [ NoCloud, ConfigDrive, OpenStack, None ]`." },
        new(ContextualisationRules.SshRootPasswordLogin, "SSH allows root to log in with a password", Severity.High, PolicyClauses.LocalAuthorisation)
            { Remedy = "Set `PermitRootLogin prohibit-password` (or no) and `PasswordAuthentication no`." },

        new(LicenceRules.Denied, "A package's licence expression cannot be met without a licence the policy denies", Severity.High, PolicyClauses.Licences)
            { Remedy = "Remove the package (or replace it with one under an allowed licence), or record a licence exception with the reason it may be distributed." },
        new(LicenceRules.NonFree, "A package from a non-free source: a Debian non-free archive area (non-free, non-free-firmware), or an rpm repository the policy lists as non-free (or none recorded)", Severity.Medium, PolicyClauses.Licences)
            { Remedy = "Check the package's licence (its copyright file or licence folder) allows redistribution in a public image; then record a licence exception, or remove the package." },
        new(LicenceRules.Unknown, "A package with no machine-readable licence, or one the policy neither allows nor denies (LicenseRef, unknown id, unlisted category)", Severity.Medium, PolicyClauses.Licences)
            { Remedy = "Read the package's licence; allow its id in the policy's licences section or record a licence exception with the reason." },

        new(WaiverExpired, "A waiver in the policy has expired and no longer applies", Severity.Info, PolicyClauses.SecurityPatches)
            { Remedy = "Renew the waiver with a new approval, or fix the finding." },
    ];

    /// <summary>The built-in rule with <paramref name="id"/>, or null.</summary>
    public static RuleDefinition? Find(string id) => All.FirstOrDefault(r => r.Id == id);
}
