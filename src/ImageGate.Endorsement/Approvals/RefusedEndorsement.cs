namespace ImageGate.Endorsement.Approvals;

/// <summary>An endorsement <c>publish</c> left out of the list, and why.</summary>
/// <param name="Name">The image name.</param>
/// <param name="Version">The image version.</param>
/// <param name="Reason">Why (which approvals were missing or did not count).</param>
public sealed record RefusedEndorsement(string Name, string Version, string Reason);
