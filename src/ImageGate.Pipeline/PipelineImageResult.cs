using ImageGate.Distribution.Push;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Scanning;

namespace ImageGate.Pipeline;

/// <summary>What the pipeline made of one built image; a stage that did not run leaves its part null.</summary>
/// <param name="Name">The image name in the endorsed list.</param>
/// <param name="Version">The image version in the endorsed list.</param>
/// <param name="ImagePath">The disk image file.</param>
/// <param name="ImageDigest"><c>sha256:HEX</c> of the image.</param>
public sealed record PipelineImageResult(string Name, string Version, string ImagePath, string ImageDigest)
{
    /// <summary>The JSON scan report.</summary>
    public string? ReportPath { get; init; }

    /// <summary>The SARIF report.</summary>
    public string? SarifPath { get; init; }

    /// <summary>The Markdown report.</summary>
    public string? MarkdownPath { get; init; }

    /// <summary>The SPDX SBOM.</summary>
    public string? SbomPath { get; init; }

    /// <summary>The scan report itself.</summary>
    public ScanReport? Report { get; init; }

    /// <summary>The image's Sigstore bundle.</summary>
    public string? BundlePath { get; init; }

    /// <summary>The push to the registry (with the registry only).</summary>
    public PushResult? Push { get; init; }

    /// <summary>The endorsement proposal (with a list repository and no dry run only).</summary>
    public ProposalResult? Endorsement { get; init; }

    /// <summary>The endorsement pull request's URL, when one was opened or updated.</summary>
    public string? PullRequestUrl => Endorsement?.PullRequest?.Url;
}
