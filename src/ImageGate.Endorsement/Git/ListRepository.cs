namespace ImageGate.Endorsement.Git;

/// <summary>Where the list repository is: a local path (bare or with a work tree) or a URL, plus the token
/// used for HTTPS (sent as a header through the environment, never written to disk, never in arguments).</summary>
/// <param name="Location">A local path or a git URL.</param>
/// <param name="Token">A token for HTTPS, or null.</param>
public sealed record ListRepository(string Location, string? Token = null)
{
    /// <summary>Whether <see cref="Location"/> is a local folder.</summary>
    public bool IsLocal => Directory.Exists(Location);

    /// <inheritdoc />
    public override string ToString() => Location;

    /// <summary>Omits the token.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Location = ").Append(Location);
        return true;
    }
}
