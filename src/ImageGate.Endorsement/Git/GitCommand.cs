namespace ImageGate.Endorsement.Git;

/// <summary>One git invocation: each argument a separate element (never a joined command line).</summary>
/// <param name="Access">The token and commit identity to run with.</param>
/// <param name="Directory">The repository to run in (<c>git -C</c>), or null.</param>
/// <param name="Arguments">The git arguments after the directory.</param>
public sealed record GitCommand(GitAccess Access, string? Directory, IReadOnlyList<string> Arguments)
{
    /// <summary>Text written to git's standard input, or null.</summary>
    public string? Input { get; init; }

    /// <summary>Whether a non-zero exit is returned as a result instead of thrown.</summary>
    public bool AllowFailure { get; init; }
}
