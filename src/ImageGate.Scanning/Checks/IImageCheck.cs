using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning.Checks;

/// <summary>An extra check the scanner runs after the built-in rules and the inventory (the patch check of
/// ImageGate.Patches, tooling checks): it returns findings of its own rules and report sections (e.g. <c>missingUpdates</c>).</summary>
public interface IImageCheck
{
    /// <summary>A short name for messages (<c>patches</c>).</summary>
    string Name { get; }

    /// <summary>The rules this check reports (ids in its own category, e.g. <c>patches/security-update-missing</c>).</summary>
    IReadOnlyList<RuleDefinition> Rules { get; }

    /// <summary>Runs the check over the image.</summary>
    Task<ImageCheckResult> RunAsync(ImageCheckContext context, CancellationToken cancellationToken);
}
