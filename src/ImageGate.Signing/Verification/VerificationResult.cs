namespace ImageGate.Signing.Verification;

/// <summary>What a successful verification established.</summary>
/// <param name="MediaType">The bundle's media type.</param>
/// <param name="ArtifactDigest">The artifact digest, <c>sha256:&lt;hex&gt;</c>.</param>
/// <param name="SubjectAlternativeName">The certificate's SAN (keyless), or null.</param>
/// <param name="Issuer">The OIDC issuer (keyless), or null.</param>
/// <param name="SourceRepositoryUri">The GitHub repository the signing workflow ran in, when the certificate says.</param>
/// <param name="SourceRepositoryRef">The git ref, when the certificate says.</param>
/// <param name="BuildSignerUri">The signing workflow, when the certificate says.</param>
/// <param name="PublicKeyHint">The key hint of a key bundle, or null.</param>
/// <param name="SigningTimes">The verified times: RFC 3161 timestamps and Rekor integrated times.</param>
/// <param name="LogEntries">The verified transparency log entries.</param>
/// <param name="DssePayloadType">The DSSE payload type when the bundle signs an envelope.</param>
/// <param name="DssePayload">The DSSE payload (e.g. an in-toto statement) when the bundle signs an envelope.</param>
public sealed record VerificationResult(
    string MediaType,
    string ArtifactDigest,
    string? SubjectAlternativeName,
    string? Issuer,
    string? SourceRepositoryUri,
    string? SourceRepositoryRef,
    string? BuildSignerUri,
    string? PublicKeyHint,
    IReadOnlyList<DateTimeOffset> SigningTimes,
    IReadOnlyList<LogEntryInfo> LogEntries,
    string? DssePayloadType,
    byte[]? DssePayload);

/// <summary>One verified transparency log entry.</summary>
/// <param name="LogUrl">The log's base URL from the trusted root.</param>
/// <param name="LogIndex">The entry's index.</param>
/// <param name="Kind">Entry kind and version, e.g. <c>hashedrekord/0.0.1</c>.</param>
/// <param name="IntegratedTime">The integrated time when the log gives one (Rekor v1), else null.</param>
public sealed record LogEntryInfo(string LogUrl, long LogIndex, string Kind, DateTimeOffset? IntegratedTime);
