namespace ImageGate.Site.Sync;

/// <summary>What a sync checked of the Sigstore bundles attached (as OCI referrers) to an image it installed from a
/// registry. The image itself is always pinned by the signed list's sha256 and sha512; the bundles are a second,
/// optional check against the site's image signer (<c>--image-key</c>, <c>--image-certificate-*</c>).</summary>
public enum ImageBundleCheck
{
    /// <summary>No image signer was given: the attached bundles were not checked, the image was installed on the strength of
    /// the signed list's digests (<c>not-checked</c>).</summary>
    NotChecked,

    /// <summary>Every attached bundle verified against the image signer (<c>verified</c>).</summary>
    Verified,

    /// <summary>An image signer was given and the image has no bundle attached (<c>none</c>).</summary>
    None,
}
