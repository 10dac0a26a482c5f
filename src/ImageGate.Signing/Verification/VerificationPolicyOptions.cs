using ImageGate.Core.Errors;

namespace ImageGate.Signing.Verification;

/// <summary>Who must have signed, as a user says it (cosign's option names): a certificate identity with its
/// issuer and GitHub workflow claims, or a public key. <see cref="ToPolicy"/> applies the rules every verb shares:
/// <list type="bullet">
/// <item>exactly one of <c>--certificate-identity</c>, <c>--certificate-identity-regexp</c> or <c>--key</c>;</item>
/// <item>a GitHub Actions identity (the issuer is GitHub's, or the subject names a <c>.github/workflows/</c> file)
/// needs <c>--certificate-github-workflow-repository</c>: the subject of a workflow certificate names the workflow
/// file, and a reusable workflow (ImageGate's <c>publish-list.yml</c>, <c>endorse-image.yml</c>) signs with the
/// same subject for every repository that calls it; only the repository claim binds the signature to the caller;</item>
/// <item>a key-signed bundle must carry a verified transparency-log entry unless
/// <c>--insecure-ignore-tlog</c> is given (key bundles only: a keyless bundle always needs its log entry).</item>
/// </list></summary>
public sealed record VerificationPolicyOptions
{
    /// <summary><c>--certificate-identity</c>: the exact SAN.</summary>
    public string? CertificateIdentity { get; init; }

    /// <summary><c>--certificate-identity-regexp</c>: a regular expression the whole SAN must match.</summary>
    public string? CertificateIdentityRegexp { get; init; }

    /// <summary><c>--certificate-oidc-issuer</c>: the exact OIDC issuer.</summary>
    public string? CertificateOidcIssuer { get; init; }

    /// <summary><c>--certificate-github-workflow-repository</c>: <c>OWNER/REPO</c> or its URL (extension .1.12 / legacy .1.5).</summary>
    public string? GitHubWorkflowRepository { get; init; }

    /// <summary><c>--certificate-github-workflow-ref</c>: the source repository ref (extension .1.14 / legacy .1.6).</summary>
    public string? GitHubWorkflowRef { get; init; }

    /// <summary><c>--certificate-github-workflow</c>: the build signer URI (extension .1.9).</summary>
    public string? GitHubWorkflow { get; init; }

    /// <summary>The public key (PEM) of key-signed bundles.</summary>
    public string? PublicKeyPem { get; init; }

    /// <summary>Where <see cref="PublicKeyPem"/> came from, for messages.</summary>
    public string? PublicKeySource { get; init; }

    /// <summary><c>--insecure-ignore-tlog</c>: accept a key-signed bundle that has no transparency-log entry.</summary>
    public bool InsecureIgnoreTlog { get; init; }

    /// <summary>For the sigstore-conformance protocol only (<c>verify-bundle</c>): accept a GitHub Actions identity
    /// without a repository pin, as that protocol's test cases give one.</summary>
    public bool UnsafeAllowUnpinnedWorkflowIdentity { get; init; }

    /// <summary>True when no identity, key or workflow claim was given at all.</summary>
    public bool IsEmpty => CertificateIdentity is null && CertificateIdentityRegexp is null && CertificateOidcIssuer is null
        && PublicKeyPem is null && GitHubWorkflowRepository is null && GitHubWorkflowRef is null && GitHubWorkflow is null;

    /// <summary>The verification policy; <see cref="BadInputException"/> (exit 2) names what is missing or contradictory.</summary>
    public VerificationPolicy ToPolicy()
    {
        if (PublicKeyPem is not null)
        {
            if (CertificateIdentity is not null || CertificateIdentityRegexp is not null || CertificateOidcIssuer is not null
                || GitHubWorkflowRepository is not null || GitHubWorkflowRef is not null || GitHubWorkflow is not null)
                throw new BadInputException("give either --key or a certificate identity (--certificate-identity/-regexp, --certificate-oidc-issuer, --certificate-github-workflow-*), not both");
            try
            {
                return VerificationPolicy.ForPublicKeyPem(PublicKeyPem) with { RequireTransparencyLog = !InsecureIgnoreTlog };
            }
            catch (BadInputException ex) when (PublicKeySource is not null)
            {
                throw new BadInputException(ex.Message, PublicKeySource);
            }
        }
        if (InsecureIgnoreTlog)
            throw new BadInputException("--insecure-ignore-tlog applies only to key-signed bundles (--key): a keyless signature is only as good as its transparency-log entry");
        if (CertificateIdentity is null && CertificateIdentityRegexp is null && CertificateOidcIssuer is null)
            throw new BadInputException("say who must have signed: --certificate-identity (or --certificate-identity-regexp) with --certificate-oidc-issuer, or --key PUBLIC.pem");
        if (CertificateIdentity is null == CertificateIdentityRegexp is null)
            throw new BadInputException("give exactly one of --certificate-identity or --certificate-identity-regexp (or --key)");
        if (string.IsNullOrEmpty(CertificateOidcIssuer))
            throw new BadInputException("--certificate-oidc-issuer is required with a certificate identity");
        string? repository = null;
        if (GitHubWorkflowRepository is not null)
            repository = Verification.CertificateIdentity.NormalizeRepository(GitHubWorkflowRepository)
                ?? throw new BadInputException($"--certificate-github-workflow-repository must be OWNER/REPO or https://HOST/OWNER/REPO, found '{GitHubWorkflowRepository}'");
        if (repository is null && !UnsafeAllowUnpinnedWorkflowIdentity
            && (Verification.CertificateIdentity.IsGitHubActions(CertificateOidcIssuer)
                || Verification.CertificateIdentity.NamesGitHubWorkflow(CertificateIdentity, CertificateIdentityRegexp)))
            throw new BadInputException(
                "a GitHub Actions identity needs --certificate-github-workflow-repository OWNER/REPO: the certificate's subject names the workflow file " +
                "that signed, and a reusable workflow (such as ImageGate's publish-list.yml or endorse-image.yml) signs with the same subject for every " +
                "repository that calls it, so the subject alone accepts signatures made for any of them; the repository pin binds the signature to yours");
        if (CertificateIdentityRegexp is not null)
        {
            try { _ = new System.Text.RegularExpressions.Regex(CertificateIdentityRegexp, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)); }
            catch (ArgumentException ex) { throw new BadInputException($"--certificate-identity-regexp is not a valid regular expression: {ex.Message}"); }
        }
        return VerificationPolicy.ForIdentity(new CertificateIdentity
        {
            SubjectAlternativeName = CertificateIdentity,
            SubjectAlternativeNamePattern = CertificateIdentityRegexp,
            Issuer = CertificateOidcIssuer,
            SourceRepositoryUri = repository,
            SourceRepositoryRef = GitHubWorkflowRef,
            BuildSignerUri = GitHubWorkflow,
        });
    }
}
