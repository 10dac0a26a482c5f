namespace ImageGate.Patches;

/// <summary>What a patch check found: missing security updates, other updates, the metadata the verdict used.</summary>
public sealed record PatchCheckResult
{
    /// <summary>True when the check was skipped (<c>--no-patch-check</c>) or could not apply (no package manager known).</summary>
    public bool Skipped { get; init; }

    /// <summary>Installed packages for which a security repository or advisory offers a higher version (JSON <c>missingUpdates</c>).</summary>
    public IReadOnlyList<MissingUpdate> MissingUpdates { get; init; } = [];

    /// <summary>Installed packages with a higher version in a non-security repository only (reported at info).</summary>
    public IReadOnlyList<MissingUpdate> OtherUpdates { get; init; } = [];

    /// <summary>Every repository's signed metadata the verdict used: URL, Date, digest of the signed file.</summary>
    public IReadOnlyList<RepositoryMetadata> Repositories { get; init; } = [];

    /// <summary>The repositories the image is configured with, with their trusted keys: record these to re-check later.</summary>
    public IReadOnlyList<RepositorySource> Sources { get; init; } = [];

    /// <summary>Findings for the scan report (<c>patches/*</c> rules).</summary>
    public IReadOnlyList<PatchFinding> Findings { get; init; } = [];
}
