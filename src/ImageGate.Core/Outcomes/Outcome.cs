namespace ImageGate.Core.Outcomes;

/// <summary>The verdict of a use case that ran to its end (the other way one ends is an <c>ImageGateException</c>):
/// the library that did the work decides it, the Cli maps it to its exit code.</summary>
public enum Outcome
{
    /// <summary>Everything checked passed and everything asked was done (exit 0).</summary>
    Passed,

    /// <summary>A gate or a verification failed: findings at or above the threshold, an endorsed image missing
    /// security updates, image bytes that differ from the list, an endorsement without an approval (exit 1).</summary>
    GateFailed,

    /// <summary>No gate failed, but some of the work could not be done: an unreachable service, a failed download,
    /// a hook that failed (exit 3).</summary>
    Incomplete,
}
