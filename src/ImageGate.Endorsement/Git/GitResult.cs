namespace ImageGate.Endorsement.Git;

/// <summary>What a git command returned.</summary>
/// <param name="ExitCode">git's exit code.</param>
/// <param name="StandardOutput">Its standard output.</param>
/// <param name="StandardError">Its standard error, with the access token masked.</param>
public sealed record GitResult(int ExitCode, string StandardOutput, string StandardError);
