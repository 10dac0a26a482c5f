using System.Text.RegularExpressions;

namespace ImageGate.Signing.Verification;

/// <summary>The identity a Fulcio certificate must carry: the subject alternative name (exact, or an anchored
/// regular expression), the OIDC issuer (exact), and optionally GitHub workflow claims.</summary>
public sealed record CertificateIdentity
{
    /// <summary>The exact SAN (URI or e-mail), or null when <see cref="SubjectAlternativeNamePattern"/> is used.</summary>
    public string? SubjectAlternativeName { get; init; }

    /// <summary>A regular expression the whole SAN must match (it is anchored: <c>^(?:…)$</c>).</summary>
    public string? SubjectAlternativeNamePattern { get; init; }

    /// <summary>The exact OIDC issuer (Fulcio extension 1.3.6.1.4.1.57264.1.8, or the legacy .1.1).</summary>
    public required string Issuer { get; init; }

    /// <summary>The OIDC issuer of GitHub Actions tokens.</summary>
    public const string GitHubActionsIssuer = "https://token.actions.githubusercontent.com";

    /// <summary>When set, the source repository (the repository whose workflow run signed: extension .1.12, e.g.
    /// <c>https://github.com/org/repo</c>, and the legacy .1.5 <c>org/repo</c>) must equal it (case-insensitive, as GitHub names are).</summary>
    public string? SourceRepositoryUri { get; init; }

    /// <summary>When set, the source repository ref (extension .1.14 and the legacy .1.6, e.g. <c>refs/heads/main</c>) must equal it.</summary>
    public string? SourceRepositoryRef { get; init; }

    /// <summary>When set, the build signer URI (extension .1.9: the workflow file at a ref) must equal it.</summary>
    public string? BuildSignerUri { get; init; }

    /// <summary>An identity with an exact SAN.</summary>
    public static CertificateIdentity Exact(string subjectAlternativeName, string issuer) =>
        new() { SubjectAlternativeName = subjectAlternativeName, Issuer = issuer };

    /// <summary>An identity whose SAN must match a regular expression (anchored at both ends).</summary>
    public static CertificateIdentity Pattern(string subjectAlternativeNamePattern, string issuer) =>
        new() { SubjectAlternativeNamePattern = subjectAlternativeNamePattern, Issuer = issuer };

    /// <summary>True when <paramref name="issuer"/> is GitHub Actions' token issuer (github.com, or a GitHub
    /// Enterprise Server's <c>https://HOST/_services/token</c>).</summary>
    public static bool IsGitHubActions(string? issuer) =>
        issuer is not null && (issuer.TrimEnd('/') == GitHubActionsIssuer
            || Regex.IsMatch(issuer, @"\Ahttps://[^/]+/_services/token/?\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    /// <summary>True when the SAN rule names a GitHub workflow file (<c>…/.github/workflows/…</c>), exactly or in a pattern.</summary>
    public static bool NamesGitHubWorkflow(string? subjectAlternativeName, string? pattern) =>
        (subjectAlternativeName?.Contains("/.github/workflows/", StringComparison.Ordinal) ?? false)
        || (pattern is not null && Regex.IsMatch(pattern, @"\\?\.github/workflows/", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));

    /// <summary>A repository given as <c>OWNER/REPO</c> (github.com) or as its URL, as the URL extension .1.12 holds
    /// (no trailing slash or <c>.git</c>); null when it is neither.</summary>
    public static string? NormalizeRepository(string repository)
    {
        var r = repository.Trim();
        if (Regex.IsMatch(r, @"\A[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            r = "https://github.com/" + r;
        if (!Uri.TryCreate(r, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            return null;
        r = r.TrimEnd('/');
        if (r.EndsWith(".git", StringComparison.Ordinal)) r = r[..^4];
        return uri.AbsolutePath.Trim('/').Split('/').Length == 2 ? r : null;
    }

    /// <summary>True when <paramref name="san"/> satisfies the SAN rule.</summary>
    internal bool MatchesSan(string san)
    {
        if (SubjectAlternativeName is not null) return string.Equals(SubjectAlternativeName, san, StringComparison.Ordinal);
        if (SubjectAlternativeNamePattern is not null)
            return Regex.IsMatch(san, @"\A(?:" + SubjectAlternativeNamePattern + @")\z", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return false;
    }

    /// <summary>A short description for messages.</summary>
    public override string ToString() =>
        $"{(SubjectAlternativeName ?? "~/" + SubjectAlternativeNamePattern + "/")} from {Issuer}"
        + (SourceRepositoryUri is null ? "" : $", repository {SourceRepositoryUri}") + (SourceRepositoryRef is null ? "" : $" at {SourceRepositoryRef}");
}
