using ImageGate.Scanning.Policy;

namespace ImageGate.Scanning;

/// <summary>What became of one waiver in a scan.</summary>
/// <param name="Waiver">The waiver.</param>
/// <param name="Status"><c>applied</c> (it waived findings), <c>unused</c> (active, nothing matched) or <c>expired</c>.</param>
/// <param name="Matched">How many findings it matched.</param>
public sealed record WaiverStatus(Waiver Waiver, string Status, int Matched);
