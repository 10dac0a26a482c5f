namespace ImageGate.Cli;

/// <summary>The exit codes every verb uses.</summary>
public static class ExitCodes
{
    /// <summary>The verb succeeded; a gate passed.</summary>
    public const int Passed = 0;

    /// <summary>A gate failed (scan findings at or above the threshold) or a verification failed.</summary>
    public const int GateFailed = 1;

    /// <summary>Bad input or usage: a missing option, an unreadable or damaged file.</summary>
    public const int BadInput = 2;

    /// <summary>Something unexpected: a bug, an unavailable service, a verb not implemented yet.</summary>
    public const int Unexpected = 3;
}
