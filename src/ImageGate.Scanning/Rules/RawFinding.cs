namespace ImageGate.Scanning.Rules;

/// <summary>A finding as a rule reports it, before the policy (severity, waivers) and fingerprinting apply.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Path">Path inside the image.</param>
/// <param name="Message">What was found, never the secret itself.</param>
/// <param name="SecretDigest">SHA-256 of the secret's bytes when there is one (for the fingerprint only).</param>
internal sealed record RawFinding(string RuleId, string Path, string Message, byte[]? SecretDigest = null)
{
    /// <summary>True when recognised by content (not by a known path): such a file may be a package's published data.</summary>
    public bool FromContent { get; init; }

    /// <summary>Paths this finding already covers: a finding of <c>credentials/authorized-keys</c> or
    /// <c>accounts/key-login</c> on one of them is the same problem and is not reported again (while this rule is enabled).</summary>
    public IReadOnlyList<string> Covers { get; init; } = [];
}
