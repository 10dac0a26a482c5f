using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Hosting;

namespace ImageGate.Endorsement.Endorsing;

/// <summary>Everything <see cref="Endorser"/> needs to propose an image version.</summary>
public sealed record EndorseRequest
{
    /// <summary>The image file.</summary>
    public required string ImagePath { get; init; }

    /// <summary>The image name.</summary>
    public required string Name { get; init; }

    /// <summary>The image version.</summary>
    public required string Version { get; init; }

    /// <summary>The scan report (JSON) of the image.</summary>
    public required string ReportPath { get; init; }

    /// <summary>The image's Sigstore bundle.</summary>
    public required string BundlePath { get; init; }

    /// <summary>The SBOM (SPDX 2.3 or CycloneDX JSON), optional.</summary>
    public string? SbomPath { get; init; }

    /// <summary>The image's packages and repositories, recorded as <c>inventory.json</c> so <c>recheck</c> can re-check it
    /// later; null records none (such a version cannot be re-checked).</summary>
    public InventoryRecord? Inventory { get; init; }

    /// <summary>Where sites will download the image (http(s)); <see cref="Uri"/>, <see cref="Oci"/> or both must be given.</summary>
    public string? Uri { get; init; }

    /// <summary>The image's OCI artifact, a digest reference <c>REGISTRY/REPOSITORY@sha256:…</c>, checked with
    /// <see cref="OciChecker"/> before it is recorded.</summary>
    public string? Oci { get; init; }

    /// <summary>The hyphen-free endorsed registry tag for this image name (validated by the caller), or null for the default.</summary>
    public string? EndorsedTag { get; init; }

    /// <summary>Checks <see cref="Oci"/> against its registry; needed when <see cref="Oci"/> is given.</summary>
    public IOciLocationChecker? OciChecker { get; init; }

    /// <summary>A description for people.</summary>
    public string? Description { get; init; }

    /// <summary>CPU architecture.</summary>
    public string Arch { get; init; } = "x86_64";

    /// <summary>HEPiX hints.</summary>
    public HepixHints Hepix { get; init; } = new("QEMU,KVM", null, null);

    /// <summary>When the endorsement should end on its own, if ever.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>Who built the image; null takes the bundle's signer identity.</summary>
    public BuildProvenance? BuiltBy { get; init; }

    /// <summary>The list repository.</summary>
    public required ListRepository Repository { get; init; }

    /// <summary>The branch endorsements merge into.</summary>
    public string Base { get; init; } = "main";

    /// <summary>The commit author.</summary>
    public GitAuthor Author { get; init; } = GitAuthor.Default;

    /// <summary>Extra labels for the pull request.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
}
