namespace ImageGate.Scanning.Content;

/// <summary>What one pass over a file found: hits, the captured first bytes (for path rules) and the bytes read.</summary>
internal sealed record FileScanResult(IReadOnlyList<ContentHit> Hits, byte[]? Head, long BytesRead);
