using System.Collections;

namespace ImageGate.Packer;

/// <summary>The environment Packer and its provisioners run in: the caller's, without the pipeline's secrets (the list
/// token, the job's OIDC token request, signing keys, ImageGate's own settings). A template's shell-local provisioner
/// runs on the runner as the same user: whatever is in Packer's environment is the template's.</summary>
public static class PackerEnvironment
{
    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN", "LIST_TOKEN", "INPUT_LIST_TOKEN",
        "SIGNING_KEY", "INPUT_SIGNING_KEY", "INPUT_FINGERPRINT_SALT", "FINGERPRINT_SALT",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_RUNTIME_TOKEN", "ACTIONS_RUNTIME_URL",
        "ACTIONS_RESULTS_URL", "ACTIONS_CACHE_URL", "SIGSTORE_ID_TOKEN", "COSIGN_PASSWORD", "COSIGN_PRIVATE_KEY",
    };

    /// <summary>Whether a variable is a secret of the pipeline that Packer never sees: one of the names above (any
    /// case) or any <c>IMAGEGATE_…</c> setting (key paths, fingerprint salt, tokens).</summary>
    public static bool IsSecret(string name) =>
        SecretNames.Contains(name) || name.StartsWith("IMAGEGATE_", StringComparison.OrdinalIgnoreCase);

    /// <summary>This process's environment.</summary>
    public static IReadOnlyDictionary<string, string> Current()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in System.Environment.GetEnvironmentVariables())
            variables[(string)e.Key] = (string?)e.Value ?? "";
        return variables;
    }

    /// <summary>The changes to make to <paramref name="inherited"/> (what a child process gets by default) so the child
    /// sees <paramref name="baseEnvironment"/> (default: <paramref name="inherited"/>) without secrets, plus
    /// <paramref name="extra"/> and <c>CHECKPOINT_DISABLE=1</c>. A null value removes the variable.</summary>
    public static IReadOnlyDictionary<string, string?> Build(IReadOnlyDictionary<string, string>? baseEnvironment,
        IReadOnlyDictionary<string, string> inherited, IReadOnlyDictionary<string, string> extra)
    {
        var wanted = baseEnvironment ?? inherited;
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in inherited.Keys)
            if (!wanted.ContainsKey(name) || IsSecret(name)) changes[name] = null;
        foreach (var (name, value) in wanted)
            if (!IsSecret(name) && (!inherited.TryGetValue(name, out var had) || had != value)) changes[name] = value;
        foreach (var (name, value) in extra) changes[name] = value;
        changes["CHECKPOINT_DISABLE"] = "1";
        return changes;
    }
}
