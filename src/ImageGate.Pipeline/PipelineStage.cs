namespace ImageGate.Pipeline;

/// <summary>The stages of <see cref="PipelineRunner"/>, in order (<c>run.json</c>'s <c>stage</c>).</summary>
public enum PipelineStage
{
    /// <summary>The Packer build.</summary>
    Build,

    /// <summary>The policy scan of one image (the gate).</summary>
    Scan,

    /// <summary>Signing the image's digest.</summary>
    Sign,

    /// <summary>Pushing the signed image to an OCI registry (only with a registry).</summary>
    Push,

    /// <summary>Proposing the endorsement (or saying why it is skipped).</summary>
    Endorse,

    /// <summary>Every stage passed.</summary>
    Done,
}
