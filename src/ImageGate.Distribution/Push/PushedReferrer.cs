namespace ImageGate.Distribution.Push;

/// <summary>A file attached to the image manifest as a referrer.</summary>
/// <param name="Kind">bundle, sbom or report.</param>
/// <param name="ArtifactType">Its artifact type.</param>
/// <param name="ManifestDigest">The referrer manifest's digest.</param>
public sealed record PushedReferrer(string Kind, string ArtifactType, string ManifestDigest);
