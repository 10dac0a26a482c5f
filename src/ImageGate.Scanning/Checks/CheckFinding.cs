namespace ImageGate.Scanning.Checks;

/// <summary>A finding reported by an <see cref="IImageCheck"/>; the scanner applies the policy's severity and waivers.</summary>
/// <param name="RuleId">One of the check's rules.</param>
/// <param name="Path">Path inside the image (e.g. <c>/var/lib/dpkg/status</c> for a package).</param>
/// <param name="Message">What was found (never a secret).</param>
public sealed record CheckFinding(string RuleId, string Path, string Message)
{
    /// <summary>Stable identity of the finding for its fingerprint (e.g. package and advisory); defaults to rule and path.</summary>
    public string? Identity { get; init; }
}
