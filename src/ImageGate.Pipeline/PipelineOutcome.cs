namespace ImageGate.Pipeline;

/// <summary>How a pipeline run ended.</summary>
public enum PipelineOutcome
{
    /// <summary>Every stage passed.</summary>
    Passed,

    /// <summary>A gate failed: the build failed or made no disk image, or a scan found blocking findings.</summary>
    GateFailed,

    /// <summary>A stage threw (<see cref="PipelineResult.Error"/>): bad input, a failed verification, an unavailable service.</summary>
    Error,
}
