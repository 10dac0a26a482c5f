namespace ImageGate.Scanning.Policy;

/// <summary>Files the content search does not read (path rules still apply to them), with the reason, for review.</summary>
/// <param name="Path">Path glob.</param>
/// <param name="Reason">Why skipping it cannot hide a real key.</param>
public sealed record ContentSkip(string Path, string Reason);
