namespace ImageGate.Site.Sync;

/// <summary>A change a sync made, and whether its hook succeeded.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Image">The image and its new status.</param>
/// <param name="FullPath">The image file's full path, when there is one.</param>
/// <param name="HookError">Why the hook failed, null when it succeeded or there is none.</param>
/// <param name="Bundle">For an image this sync downloaded from an OCI registry: what it checked of the image's attached
/// Sigstore bundles; null otherwise.</param>
/// <param name="Signer">With <see cref="ImageBundleCheck.Verified"/>: the trusted image signer the attached bundles verified
/// against (its <see cref="Verification.SignerIdentity.Label"/>; several, comma-separated, when several bundles verified
/// against different signers); null otherwise.</param>
public sealed record SyncEvent(SyncEventKind Kind, CachedImage Image, string? FullPath, string? HookError = null, ImageBundleCheck? Bundle = null, string? Signer = null);
