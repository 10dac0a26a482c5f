using ImageGate.Lists.Reading;

namespace ImageGate.Site.Verification;

/// <summary>A list that passed every check: signature and identity, freshness, no rollback.</summary>
/// <param name="List">The parsed list.</param>
/// <param name="Sha256">SHA-256 of the list's bytes (lower-case hex).</param>
/// <param name="Source">The file or URL it came from.</param>
public sealed record VerifiedList(SiteList List, string Sha256, string Source)
{
    /// <summary>The list's bytes as verified.</summary>
    public ReadOnlyMemory<byte> Content { get; init; }

    /// <summary>The bundle that verified them.</summary>
    public string BundleJson { get; init; } = "";
}
