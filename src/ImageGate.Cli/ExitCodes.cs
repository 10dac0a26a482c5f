using ImageGate.Core.Outcomes;

namespace ImageGate.Cli;

/// <summary>The exit codes every verb uses: an exception maps through <c>CliApp</c> (the Core error hierarchy), a
/// finished use case through <see cref="For"/>.</summary>
public static class ExitCodes
{
    /// <summary>The verb succeeded; a gate passed.</summary>
    public const int Passed = 0;

    /// <summary>A gate failed (scan findings at or above the threshold, an endorsed image missing security updates, an
    /// endorsement without an approval) or a verification failed (a signature, a list, an image's digest).</summary>
    public const int GateFailed = 1;

    /// <summary>Bad input or usage: a missing option, an unreadable or damaged file.</summary>
    public const int BadInput = 2;

    /// <summary>Something unexpected: a bug, an unavailable service or external tool, a cancelled run, work left
    /// incomplete (a failed download or hook).</summary>
    public const int Unexpected = 3;

    /// <summary>The exit code of a use case's <see cref="Outcome"/> (the libraries decide which results fail a gate).</summary>
    public static int For(Outcome outcome) => outcome switch
    {
        Outcome.Passed => Passed,
        Outcome.GateFailed => GateFailed,
        Outcome.Incomplete => Unexpected,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not an outcome"),
    };
}
