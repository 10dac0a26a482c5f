namespace ImageGate.Lists;

/// <summary>Where an image is held in an OCI registry: the artifact's digest reference and the digest of its layer[0]
/// (the disk image file itself). Written by <c>endorse --oci</c>, read by the sites.</summary>
/// <param name="Reference">The digest reference, <c>REGISTRY/REPOSITORY@sha256:HEX</c> (the manifest's digest).</param>
/// <param name="LayerDigest">The digest of layer[0], <c>sha256:</c> followed by the image's SHA-256.</param>
public sealed record OciLocation(string Reference, string LayerDigest);
