namespace ImageGate.Endorsement.Git;

/// <summary>Who git acts as: the HTTPS token for the list repository (never in arguments, never printed) and
/// the identity commits are made with.</summary>
/// <param name="Token">A token for HTTPS, or null.</param>
/// <param name="Author">The commit identity, or null for git's own configuration.</param>
public sealed record GitAccess(string? Token, GitAuthor? Author = null)
{
    /// <summary>Omits the token.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Author = ").Append(Author);
        return true;
    }
}
