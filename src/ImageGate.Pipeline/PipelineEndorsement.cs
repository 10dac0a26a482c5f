using ImageGate.Lists;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Hosting;

namespace ImageGate.Pipeline;

/// <summary>Where and how the pipeline's endorse stage proposes each signed image (what <c>endorse</c> takes).</summary>
public sealed record PipelineEndorsement
{
    /// <summary>The list repository.</summary>
    public required ListRepository Repository { get; init; }

    /// <summary>The git adapter the endorse stage works through.</summary>
    public required IGitClient Git { get; init; }

    /// <summary>The branch endorsements merge into.</summary>
    public string Base { get; init; } = "main";

    /// <summary>The pull-request host; null commits and pushes the branch only (local mode).</summary>
    public IRepositoryHost? Host { get; init; }

    /// <summary>Where sites will download the image (http(s)); with a registry the <c>oci</c> location is recorded too.</summary>
    public string? Uri { get; init; }

    /// <summary>Checks the <c>oci</c> location the push stage made against its registry before it is recorded.</summary>
    public Endorsement.Endorsing.IOciLocationChecker? OciChecker { get; init; }

    /// <summary>Who built the image; null takes the bundle's signer identity.</summary>
    public BuildProvenance? BuiltBy { get; init; }

    /// <summary>A description for people.</summary>
    public string? Description { get; init; }

    /// <summary>CPU architecture.</summary>
    public string Arch { get; init; } = "x86_64";

    /// <summary>HEPiX hints.</summary>
    public HepixHints Hepix { get; init; } = new("QEMU,KVM", null, null);

    /// <summary>Extra pull request labels.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>The commit author.</summary>
    public GitAuthor Author { get; init; } = GitAuthor.Default;
}
