using ImageGate.Core.Errors;

namespace ImageGate.Git;

/// <summary>A git command failed; carries git's exit code and (masked) standard error.</summary>
internal sealed class GitCommandException(string command, int exitCode, string standardError)
    : ExternalToolException("git", $"'git {command}' failed (exit {exitCode}): {standardError.Trim()}")
{
    public int ExitCode { get; } = exitCode;

    public string StandardError { get; } = standardError;
}
