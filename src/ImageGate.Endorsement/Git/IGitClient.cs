namespace ImageGate.Endorsement.Git;

/// <summary>The port through which Endorsement runs git (its list repositories, branches, commits and pushes);
/// ImageGate.Git implements it with the git command line, and the composition root (the Cli) wires it.</summary>
public interface IGitClient
{
    /// <summary>Runs one git command; a non-zero exit throws an <see cref="Core.Errors.ExternalToolException"/>
    /// unless <see cref="GitCommand.AllowFailure"/>. Output and errors never contain the access token.</summary>
    Task<GitResult> RunAsync(GitCommand command, CancellationToken cancellationToken);

    /// <summary>Reads blobs named <c>REV:PATH</c> from the git directory <paramref name="directory"/>, in order;
    /// a missing object (or one that is not a blob) maps to null.</summary>
    Task<IReadOnlyList<byte[]?>> ReadBlobsAsync(GitAccess access, string directory, IReadOnlyList<string> objects, CancellationToken cancellationToken);
}
