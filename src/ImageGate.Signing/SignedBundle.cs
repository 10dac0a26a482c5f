using ImageGate.Signing.Verification;

namespace ImageGate.Signing;

/// <summary>A freshly signed bundle and what its verification established.</summary>
/// <param name="Json">The bundle JSON (v0.3).</param>
/// <param name="Verified">The result of verifying the bundle before it was returned.</param>
public sealed record SignedBundle(string Json, VerificationResult Verified);
