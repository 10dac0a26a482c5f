namespace ImageGate.Scanning.Credentials;

/// <summary>A key or token found inside a file a package shipped unmodified (published material, not a finding).</summary>
/// <param name="Path">Path inside the image.</param>
/// <param name="Package">The dpkg or rpm package whose recorded digest matches the file.</param>
/// <param name="RuleId">The rule that would otherwise apply.</param>
/// <param name="Description">What was recognised (never the secret).</param>
public sealed record PackagedKey(string Path, string Package, string RuleId, string Description);
