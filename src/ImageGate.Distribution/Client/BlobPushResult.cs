namespace ImageGate.Distribution.Client;

/// <summary>The blob as the registry holds it after a push.</summary>
/// <param name="Descriptor">Digest and size (media type as given).</param>
/// <param name="Outcome">Whether it was uploaded, mounted or already there.</param>
public sealed record BlobPushResult(Descriptor Descriptor, BlobPushOutcome Outcome);
