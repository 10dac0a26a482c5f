namespace ImageGate.Packer.Versioning;

/// <summary>A finding about the tooling that made an image (not about the image itself), for the scan report:
/// the policy requires the image generation tool to be fully patched.</summary>
/// <param name="RuleId">Stable rule id, e.g. <c>tooling/packer-outdated</c>.</param>
/// <param name="Severity">Severity name as the scan report spells it (<c>high</c>).</param>
/// <param name="Message">What was found and what is expected.</param>
public sealed record ToolingFinding(string RuleId, string Severity, string Message)
{
    /// <summary>The rule id of an outdated Packer.</summary>
    public const string PackerOutdated = "tooling/packer-outdated";
}
