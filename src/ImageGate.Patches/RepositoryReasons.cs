namespace ImageGate.Patches;

/// <summary>The stable reason codes (<see cref="Core.Errors.VerificationException.Reason"/>) of repository metadata
/// verification (apt InRelease/Release.gpg, yum repomd.xml.asc, their indexes' digests).</summary>
public static class RepositoryReasons
{
    /// <summary>The metadata carries no signature (no InRelease or Release.gpg, no repomd.xml.asc, no signature block).</summary>
    public const string NotSigned = "not-signed";

    /// <summary>The image trusts no key for the repository, or its trusted keys cannot be read.</summary>
    public const string NoTrustedKey = "no-trusted-key";

    /// <summary>A metadata file differs from the digest its signed index gives.</summary>
    public const string HashMismatch = "hash-mismatch";

    /// <summary>A clear-signed message has content outside the signed part.</summary>
    public const string UnsignedContent = "unsigned-content";

    /// <summary>A clear-signed message is malformed (armour headers, dash escaping, an unterminated block).</summary>
    public const string BadArmour = "bad-armour";

    /// <summary>The OpenPGP signature cannot be read, or a trusted key's signature does not verify.</summary>
    public const string BadSignature = "bad-signature";

    /// <summary>No signature is by a key the image trusts for the repository (or none can be checked).</summary>
    public const string UntrustedSignature = "untrusted-signature";

    /// <summary>The signed release file's <c>Valid-Until</c> has passed.</summary>
    public const string MetadataExpired = "metadata-expired";

    /// <summary>The signed release file's <c>Date</c> is in the future.</summary>
    public const string MetadataNotYetValid = "metadata-not-yet-valid";

    /// <summary>The signed release file names another suite than the one asked for (a replayed or mixed-up file).</summary>
    public const string WrongSuite = "wrong-suite";
}
