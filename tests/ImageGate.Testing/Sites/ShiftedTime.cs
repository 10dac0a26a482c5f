namespace ImageGate.Testing.Sites;

/// <summary>The system clock moved by <see cref="Offset"/> (timers stay real, so retry delays still elapse).</summary>
public sealed class ShiftedTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
