namespace ImageGate.Patches;

/// <summary>An OpenPGP public keyring the image trusts for a repository.</summary>
/// <param name="Source">Where it came from (a path inside the image, a URL, or <c>inline</c>).</param>
/// <param name="Data">The keyring bytes (binary or ASCII-armoured).</param>
public sealed record TrustedKey(string Source, byte[] Data);
