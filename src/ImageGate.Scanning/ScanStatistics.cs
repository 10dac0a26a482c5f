namespace ImageGate.Scanning;

/// <summary>How much a scan read and how long it took.</summary>
/// <param name="Entries">Entries walked.</param>
/// <param name="FilesSearched">Regular files whose content was searched (hard links once).</param>
/// <param name="BytesSearched">Bytes of content searched.</param>
/// <param name="FilesSkipped">Regular files the policy's content skips left out.</param>
/// <param name="Duration">Wall time of the scan.</param>
public sealed record ScanStatistics(int Entries, int FilesSearched, long BytesSearched, int FilesSkipped, TimeSpan Duration);
