namespace ImageGate.Signing.Verification;

/// <summary>The stable reason codes (<see cref="Core.Errors.VerificationException.Reason"/>) of bundle parsing,
/// verification and signing: each names the check that failed.</summary>
public static class BundleReasons
{
    /// <summary><c>artifact-content-needed</c>.</summary>
    public const string ArtifactContentNeeded = "artifact-content-needed";

    /// <summary><c>artifact-digest-algorithm</c>.</summary>
    public const string ArtifactDigestAlgorithm = "artifact-digest-algorithm";

    /// <summary><c>artifact-digest-mismatch</c>.</summary>
    public const string ArtifactDigestMismatch = "artifact-digest-mismatch";

    /// <summary><c>artifact-not-in-statement</c>.</summary>
    public const string ArtifactNotInStatement = "artifact-not-in-statement";

    /// <summary><c>bundle-key-mismatch</c>.</summary>
    public const string BundleKeyMismatch = "bundle-key-mismatch";

    /// <summary><c>bundle-malformed</c>.</summary>
    public const string BundleMalformed = "bundle-malformed";

    /// <summary><c>bundle-media-type</c>.</summary>
    public const string BundleMediaType = "bundle-media-type";

    /// <summary><c>bundle-root-certificate</c>.</summary>
    public const string BundleRootCertificate = "bundle-root-certificate";

    /// <summary><c>certificate-chain</c>.</summary>
    public const string CertificateChain = "certificate-chain";

    /// <summary><c>certificate-sct</c>.</summary>
    public const string CertificateSct = "certificate-sct";

    /// <summary><c>certificate-validity</c>.</summary>
    public const string CertificateValidity = "certificate-validity";

    /// <summary><c>identity-issuer</c>.</summary>
    public const string IdentityIssuer = "identity-issuer";

    /// <summary><c>identity-ref</c>.</summary>
    public const string IdentityRef = "identity-ref";

    /// <summary><c>identity-repository</c>.</summary>
    public const string IdentityRepository = "identity-repository";

    /// <summary><c>identity-san</c>.</summary>
    public const string IdentitySan = "identity-san";

    /// <summary><c>identity-workflow</c>.</summary>
    public const string IdentityWorkflow = "identity-workflow";

    /// <summary><c>signature-invalid</c>.</summary>
    public const string SignatureInvalid = "signature-invalid";

    /// <summary><c>signed-bundle-invalid</c>.</summary>
    public const string SignedBundleInvalid = "signed-bundle-invalid";

    /// <summary><c>statement-malformed</c>.</summary>
    public const string StatementMalformed = "statement-malformed";

    /// <summary><c>timestamp-invalid</c>.</summary>
    public const string TimestampInvalid = "timestamp-invalid";

    /// <summary><c>timestamp-missing</c>.</summary>
    public const string TimestampMissing = "timestamp-missing";

    /// <summary><c>tlog-checkpoint-malformed</c>.</summary>
    public const string TlogCheckpointMalformed = "tlog-checkpoint-malformed";

    /// <summary><c>tlog-checkpoint-missing</c>.</summary>
    public const string TlogCheckpointMissing = "tlog-checkpoint-missing";

    /// <summary><c>tlog-checkpoint-root-hash</c>.</summary>
    public const string TlogCheckpointRootHash = "tlog-checkpoint-root-hash";

    /// <summary><c>tlog-checkpoint-signature</c>.</summary>
    public const string TlogCheckpointSignature = "tlog-checkpoint-signature";

    /// <summary><c>tlog-checkpoint-tree-size</c>.</summary>
    public const string TlogCheckpointTreeSize = "tlog-checkpoint-tree-size";

    /// <summary><c>tlog-entry-kind</c>.</summary>
    public const string TlogEntryKind = "tlog-entry-kind";

    /// <summary><c>tlog-entry-mismatch</c>.</summary>
    public const string TlogEntryMismatch = "tlog-entry-mismatch";

    /// <summary><c>tlog-inclusion-proof</c>.</summary>
    public const string TlogInclusionProof = "tlog-inclusion-proof";

    /// <summary><c>tlog-inclusion-proof-missing</c>.</summary>
    public const string TlogInclusionProofMissing = "tlog-inclusion-proof-missing";

    /// <summary><c>tlog-integrated-time-future</c>.</summary>
    public const string TlogIntegratedTimeFuture = "tlog-integrated-time-future";

    /// <summary><c>tlog-key-validity</c>.</summary>
    public const string TlogKeyValidity = "tlog-key-validity";

    /// <summary><c>tlog-missing</c>.</summary>
    public const string TlogMissing = "tlog-missing";

    /// <summary><c>tlog-set-signature</c>.</summary>
    public const string TlogSetSignature = "tlog-set-signature";

    /// <summary><c>tlog-unknown-log</c>.</summary>
    public const string TlogUnknownLog = "tlog-unknown-log";
}
