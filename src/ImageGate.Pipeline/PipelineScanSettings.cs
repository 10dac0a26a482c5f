using ImageGate.Patches;
using ImageGate.Scanning;
using ImageGate.Scanning.Policy;
using ImageGate.Scanning.Rules;

namespace ImageGate.Pipeline;

/// <summary>How the pipeline scans each image (what <c>scan</c> takes as options).</summary>
public sealed record PipelineScanSettings
{
    /// <summary>The policy (default: the embedded one).</summary>
    public ScanPolicy Policy { get; init; } = ScanPolicy.Default;

    /// <summary>The gate threshold; null: the policy's.</summary>
    public Severity? FailOn { get; init; }

    /// <summary>The patch check's options.</summary>
    public PatchCheckOptions PatchCheck { get; init; } = new();

    /// <summary>The private salt of the findings' fingerprints; null: the public default.</summary>
    public string? FingerprintSalt { get; init; }
}
