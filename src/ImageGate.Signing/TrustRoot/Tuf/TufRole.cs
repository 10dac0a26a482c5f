namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>A top-level role of root metadata: the keys that may sign for it and how many must.</summary>
internal sealed record TufRole(IReadOnlyList<string> KeyIds, long Threshold);
