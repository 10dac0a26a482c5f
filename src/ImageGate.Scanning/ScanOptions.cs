using ImageGate.Scanning.Checks;
using ImageGate.Scanning.Policy;
using ImageGate.Scanning.Rules;

namespace ImageGate.Scanning;

/// <summary>How to scan: the image as the report names it, the policy, the gate threshold, the inventory, extra
/// checks, the fingerprint salt, the parallelism and the clock.</summary>
public sealed record ScanOptions
{
    /// <summary>The image as the report names it; when its <see cref="ImageDescription.Format"/> is not <c>directory</c>
    /// and <see cref="ImageDescription.Path"/> is a file, its SHA-256 and SHA-512 are computed concurrently with the scan.</summary>
    public ImageDescription? Image { get; init; }

    /// <summary>The image file's digests when the caller started them itself (<see cref="ImageGate.Core.IO.FileDigests.ComputeAsync"/>,
    /// before opening the image, so that the slowest part of the scan runs from its very start); null: the scan
    /// starts them as <see cref="Image"/> says.</summary>
    public Task<ImageGate.Core.IO.FileDigest>? ImageDigests { get; init; }

    /// <summary>The policy (default: the embedded one).</summary>
    public ScanPolicy Policy { get; init; } = ScanPolicy.Default;

    /// <summary>The gate threshold; null uses the policy's.</summary>
    public Severity? FailOn { get; init; }

    /// <summary>Read the package inventory (and licences).</summary>
    public bool Inventory { get; init; } = true;

    /// <summary>Extra checks (the patch check, tooling checks): each runs once the package inventory is read, alongside
    /// the content search, and its findings join the same report and gate.</summary>
    public IReadOnlyList<IImageCheck> Checks { get; init; } = [];

    /// <summary>Salt of the finding fingerprints; set a private one so fingerprints cannot be tested against guesses.</summary>
    public string FingerprintSalt { get; init; } = "imagegate-fingerprint-v1";

    /// <summary>Files searched at once (default: the processor count).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The clock (waiver expiry, report time).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
