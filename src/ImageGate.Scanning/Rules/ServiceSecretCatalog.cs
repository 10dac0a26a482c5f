using ImageGate.Scanning.Credentials;

namespace ImageGate.Scanning.Rules;

/// <summary>The rules for the secrets grid worker nodes and cloud builds leave behind beyond the classic key files:
/// batch-system and cluster secrets, service tokens, keys embedded in configuration, directory-service bind
/// passwords, and key material nobody named (part of <see cref="RuleCatalog.All"/>; docs/policy.md has the table).</summary>
internal static class ServiceSecretCatalog
{
    /// <summary>What a build should do instead of baking a credential in.</summary>
    private const string InjectAtBoot =
        "Remove it from the image and rotate it (it has been exposed); inject it at boot through contextualisation "
        + "(cloud-init user data or the site's secret service): the EGI policy makes the VM operator responsible for credentials.";

    private static RuleDefinition Rule(string id, string title, Severity severity, PolicyClause clause, string remedy = InjectAtBoot) =>
        new(id, title, severity, clause) { Remedy = remedy };

    /// <summary>The rules, in report order.</summary>
    public static IReadOnlyList<RuleDefinition> All { get; } =
    [
        Rule(ServiceSecretRules.HtcondorSecret, "An HTCondor pool password (passwords.d, pool_password) or IDTOKEN (tokens.d)", Severity.Critical, PolicyClauses.NoCredentials,
            "Remove passwords.d/ and tokens.d/ contents; have the site's pool issue the signing key or token at boot through contextualisation "
            + "(the EGI policy makes the VM operator responsible for credentials)."),
        Rule(ServiceSecretRules.ClusterKey, "A cluster daemon's shared key (Slurm JWT or auth key, corosync/pacemaker authkey, Ceph keyring, BeeGFS connauth, PBS db_password)", Severity.Critical, PolicyClauses.NoCredentials),
        Rule(ServiceSecretRules.VaultToken, "A HashiCorp Vault token (hvs./hvb./hvr., or a legacy s. token where Vault names it)", Severity.Critical, PolicyClauses.NoCredentials),
        Rule(ServiceSecretRules.Jwt, "A JSON Web Token (a bearer credential: base64url header with alg, payload, signature)", Severity.High, PolicyClauses.NoCredentials),
        Rule(ServiceSecretRules.EmbeddedPrivateKey, "A private key embedded in configuration (base64-encoded PEM, e.g. kubeconfig client-key-data)", Severity.Critical, PolicyClauses.NoCredentials),
        Rule(ServiceSecretRules.LdapBindPassword, "A directory-service bind password (SSSD ldap_default_authtok, nslcd/ldap.conf bindpw, ldap.secret)", Severity.High, PolicyClauses.NoCredentials),
        Rule(ServiceSecretRules.ConfigPassword, "A literal password, secret or token assigned in a configuration file", Severity.High, PolicyClauses.NoCredentials),
        Rule(ServiceSecretRules.SecretFile, "Key material nobody named: a small high-entropy file only its owner may read (under /etc, /var/lib, /root, /home)", Severity.High, PolicyClauses.NoCredentials),
    ];
}
