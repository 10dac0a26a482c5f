namespace ImageGate.Distribution.Push;

/// <summary>An image file's sha256, as a push uses it.</summary>
/// <param name="Sha256">Lower-case hex.</param>
/// <param name="Cached">True when it came from the digest cache (the file unchanged since it was hashed).</param>
public sealed record ImageDigest(string Sha256, bool Cached);
