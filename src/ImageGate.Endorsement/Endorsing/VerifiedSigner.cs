namespace ImageGate.Endorsement.Endorsing;

/// <summary>Who signed an image, as its bundle's verification established it (never read unverified from the bundle).</summary>
public sealed record VerifiedSigner
{
    /// <summary>The certificate's subject alternative name (a workflow URI or e-mail) of a keyless signature.</summary>
    public string? Identity { get; init; }

    /// <summary>The OIDC issuer of a keyless signature.</summary>
    public string? Issuer { get; init; }

    /// <summary>The repository the signing workflow ran for (certificate extension .1.12, or the legacy .1.5).</summary>
    public string? SourceRepository { get; init; }

    /// <summary>The git ref of that repository (extension .1.14, or the legacy .1.6).</summary>
    public string? SourceRef { get; init; }

    /// <summary>For a key signature: which key (the bundle's hint, or the key's fingerprint).</summary>
    public string? PublicKey { get; init; }

    /// <summary>The verified transparency-log index, when the signature is logged.</summary>
    public long? LogIndex { get; init; }

    /// <summary>One line for commit messages and provenance.</summary>
    public string Describe() =>
        Identity is not null
            ? Identity + (SourceRepository is null ? "" : $" for {SourceRepository}{(SourceRef is null ? "" : "@" + SourceRef)}")
            : "key " + (PublicKey ?? "(no hint)");
}
