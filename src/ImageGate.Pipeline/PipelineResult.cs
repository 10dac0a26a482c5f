using ImageGate.Packer;

namespace ImageGate.Pipeline;

/// <summary>The outcome of <see cref="PipelineRunner.RunAsync"/>: where it stopped, the build and one result per image
/// reached (<c>run.json</c> is written from it).</summary>
/// <param name="Outcome">Passed, a failed gate, or an error.</param>
/// <param name="Stage">The stage it stopped at (<see cref="PipelineStage.Done"/> when it passed).</param>
public sealed record PipelineResult(PipelineOutcome Outcome, PipelineStage Stage)
{
    /// <summary>The Packer build's result, once the build ran to its end.</summary>
    public PackerBuildResult? Build { get; init; }

    /// <summary>One entry per image the pipeline reached, in build order.</summary>
    public IReadOnlyList<PipelineImageResult> Images { get; init; } = [];

    /// <summary>What a stage threw when <see cref="Outcome"/> is <see cref="PipelineOutcome.Error"/>.</summary>
    public Exception? Error { get; init; }

    /// <summary>True when every stage passed.</summary>
    public bool Passed => Outcome == PipelineOutcome.Passed;
}
