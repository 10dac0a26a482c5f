namespace ImageGate.Endorsement.Git;

/// <summary>The name and e-mail commits are made with.</summary>
/// <param name="Name">The author name.</param>
/// <param name="Email">The author e-mail.</param>
public sealed record GitAuthor(string Name, string Email)
{
    /// <summary>The identity used when none is configured.</summary>
    public static GitAuthor Default { get; } = new("ImageGate", "imagegate@localhost");
}
