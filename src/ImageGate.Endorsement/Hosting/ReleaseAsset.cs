namespace ImageGate.Endorsement.Hosting;

/// <summary>A file to attach to a release.</summary>
/// <param name="Name">The asset name.</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="Content">Its bytes.</param>
public sealed record ReleaseAsset(string Name, string ContentType, ReadOnlyMemory<byte> Content);
