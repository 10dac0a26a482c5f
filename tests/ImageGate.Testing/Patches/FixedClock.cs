namespace ImageGate.Patches.Tests.Support;

/// <summary>A clock pinned to one instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
