namespace ImageGate.Packer;

/// <summary>What a <see cref="PackerEvent"/> reports.</summary>
public enum PackerEventKind
{
    /// <summary>A headline from Packer (<c>ui,say</c>): a step starting or finishing.</summary>
    Say,

    /// <summary>Output of a step (<c>ui,message</c>), e.g. a provisioner's script output.</summary>
    Message,

    /// <summary>An error line (<c>ui,error</c> or a build's <c>error</c>).</summary>
    Error,

    /// <summary>Packer announced an artifact of a build.</summary>
    Artifact,

    /// <summary>ImageGate's own progress around Packer (version check, validation, digests).</summary>
    Stage,
}
