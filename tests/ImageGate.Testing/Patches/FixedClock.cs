namespace ImageGate.Testing.Patches;

/// <summary>A clock pinned to one instant.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
