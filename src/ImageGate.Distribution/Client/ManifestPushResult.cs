namespace ImageGate.Distribution.Client;

/// <summary>A pushed manifest.</summary>
/// <param name="Descriptor">Its media type, digest and size.</param>
/// <param name="SubjectProcessed">True when the registry answered <c>OCI-Subject</c> (it maintains the referrers API itself).</param>
public sealed record ManifestPushResult(Descriptor Descriptor, bool SubjectProcessed);
