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

    /// <summary>When set, the source repository URI (extension .1.12, e.g. <c>https://github.com/org/repo</c>) must equal it.</summary>
    public string? SourceRepositoryUri { get; init; }

    /// <summary>When set, the source repository ref (extension .1.14, e.g. <c>refs/heads/main</c>) must equal it.</summary>
    public string? SourceRepositoryRef { get; init; }

    /// <summary>When set, the build signer URI (extension .1.9: the workflow file at a ref) must equal it.</summary>
    public string? BuildSignerUri { get; init; }

    /// <summary>An identity with an exact SAN.</summary>
    public static CertificateIdentity Exact(string subjectAlternativeName, string issuer) =>
        new() { SubjectAlternativeName = subjectAlternativeName, Issuer = issuer };

    /// <summary>An identity whose SAN must match a regular expression (anchored at both ends).</summary>
    public static CertificateIdentity Pattern(string subjectAlternativeNamePattern, string issuer) =>
        new() { SubjectAlternativeNamePattern = subjectAlternativeNamePattern, Issuer = issuer };

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
        $"{(SubjectAlternativeName ?? "~/" + SubjectAlternativeNamePattern + "/")} from {Issuer}";
}
