namespace ImageGate.Site.Verification;

/// <summary>The stable reason codes (<see cref="Core.Errors.VerificationException.Reason"/>) of the site side.</summary>
public static class ListReasons
{
    /// <summary>The list's <c>expires</c> is in the past: it endorses nothing any more (freeze attack or stale mirror).</summary>
    public const string ListExpired = "list-expired";

    /// <summary>The list's <c>created</c> is in the future (beyond the allowed clock skew).</summary>
    public const string ListFromFuture = "list-from-future";

    /// <summary>The list's <c>version</c> is lower than the last accepted one.</summary>
    public const string Rollback = "rollback";

    /// <summary>The list has the last accepted <c>version</c> but different content.</summary>
    public const string VersionReused = "version-reused";

    /// <summary>The bundle's signature does not verify with the expected key.</summary>
    public const string SignatureInvalid = "signature-invalid";

    /// <summary>The content's digest differs from the one the bundle signs (the content was changed).</summary>
    public const string DigestMismatch = "digest-mismatch";

    /// <summary>The bundle has a shape this verifier does not accept.</summary>
    public const string UnsupportedBundle = "unsupported-bundle";

    /// <summary>An S/MIME signer's certificate does not chain to a trusted CA, is not valid now, or it or its CA may not be used for S/MIME signatures.</summary>
    public const string UntrustedSigner = "untrusted-signer";

    /// <summary>The signer is trusted but is not the expected one (DN or identity differs).</summary>
    public const string WrongSigner = "wrong-signer";

    /// <summary>An image file's digest is not in the current endorsed list.</summary>
    public const string NotEndorsed = "not-endorsed";

    /// <summary>An image file is endorsed but blocked locally.</summary>
    public const string Blocked = "blocked";

    /// <summary>A downloaded image's SHA-512 or SHA-256 differs from the list's.</summary>
    public const string ImageDigestMismatch = "image-digest-mismatch";

    /// <summary>A downloaded image is larger than the list says.</summary>
    public const string ImageSizeMismatch = "image-size-mismatch";

    /// <summary>The Sigstore bundle attached to an image's OCI artifact does not verify against the site's trusted signer.</summary>
    public const string ImageSignatureInvalid = "image-signature-invalid";
}
