using ImageGate.Distribution.Push;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Packer;
using ImageGate.Scanning;
using ImageGate.Signing;

namespace ImageGate.Pipeline;

/// <summary>What the caller of <see cref="PipelineRunner"/> is told while it runs (the command line prints it).</summary>
public interface IPipelineObserver
{
    /// <summary>Packer's progress while it builds.</summary>
    IProgress<PackerEvent> BuildProgress { get; }

    /// <summary>A stage starts, for <paramref name="subject"/> (the template or an image file).</summary>
    Task StageStartedAsync(PipelineStage stage, string subject);

    /// <summary>The build ended (it may have failed or made no image).</summary>
    Task BuiltAsync(PackerBuildResult result);

    /// <summary>An image was scanned (passed or not).</summary>
    Task ScannedAsync(PipelineImageResult image, ScanReport report);

    /// <summary>An image was signed; its bundle is written.</summary>
    Task SignedAsync(PipelineImageResult image, SignedBundle bundle);

    /// <summary>A line of the push's progress.</summary>
    void Pushing(string line);

    /// <summary>An image was pushed.</summary>
    Task PushedAsync(PipelineImageResult image, PushResult result);

    /// <summary>An endorsement was proposed (or found already there).</summary>
    Task EndorsedAsync(PipelineImageResult image, ProposalResult result);

    /// <summary>A line of information (a stage skipped and why).</summary>
    Task NoteAsync(string message);

    /// <summary>A warning (e.g. no inventory could be recorded for recheck).</summary>
    void Warn(string message);
}
