namespace ImageGate.Endorsement.Git;

/// <summary>git for one request: the <see cref="IGitClient"/> port with the request's token and commit identity.</summary>
internal sealed class Git(IGitClient client, string? token, GitAuthor? author = null)
{
    private readonly GitAccess _access = new(token, author);

    /// <summary>Runs git in <paramref name="directory"/>; a non-zero exit throws unless allowed.</summary>
    public Task<GitResult> RunAsync(string? directory, Action<GitArguments> arguments, CancellationToken cancellationToken,
        string? input = null, bool allowFailure = false)
    {
        var builder = new GitArguments();
        arguments(builder);
        return client.RunAsync(new GitCommand(_access, directory, builder.ToList()) { Input = input, AllowFailure = allowFailure }, cancellationToken);
    }

    /// <summary>Runs git and returns its standard output without trailing newlines.</summary>
    public async Task<string> OutputAsync(string? directory, Action<GitArguments> arguments, CancellationToken cancellationToken) =>
        (await RunAsync(directory, arguments, cancellationToken).ConfigureAwait(false)).StandardOutput.TrimEnd('\n');

    /// <summary>Reads blobs by <c>REV:PATH</c>; a missing object maps to null.</summary>
    public Task<IReadOnlyList<byte[]?>> ReadBlobsAsync(string directory, IReadOnlyList<string> objects, CancellationToken cancellationToken) =>
        client.ReadBlobsAsync(_access, directory, objects, cancellationToken);
}
