namespace ImageGate.Distribution.Tags;

/// <summary>A tag as the registry holds it now.</summary>
/// <param name="Repository">The repository.</param>
/// <param name="Tag">The tag.</param>
/// <param name="Digest">The manifest it points at.</param>
public sealed record RegistryTag(string Repository, string Tag, string Digest);
