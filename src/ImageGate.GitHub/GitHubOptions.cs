using ImageGate.Core.Errors;

namespace ImageGate.GitHub;

/// <summary>How to reach a GitHub repository.</summary>
/// <param name="Repository">The repository as <c>OWNER/NAME</c>.</param>
/// <param name="Token">The token (never logged).</param>
/// <param name="ApiUrl">The REST API base (<c>https://api.github.com/</c>, or <c>https://HOST/api/v3/</c> for GitHub Enterprise Server).</param>
public sealed record GitHubOptions(string Repository, string? Token, Uri ApiUrl)
{
    /// <summary>The public GitHub REST API.</summary>
    public static Uri PublicApi { get; } = new("https://api.github.com/");

    /// <summary>Retry and time limits.</summary>
    public GitHubRetryOptions Retry { get; init; } = new();

    /// <summary>The owner part of <see cref="Repository"/>.</summary>
    public string Owner => Split().Owner;

    /// <summary>The name part of <see cref="Repository"/>.</summary>
    public string Name => Split().Name;

    private (string Owner, string Name) Split()
    {
        var parts = Repository.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
            throw new BadInputException($"'{Repository}' is not a GitHub repository name (OWNER/NAME)");
        return (parts[0], parts[1]);
    }

    /// <summary>Omits the token.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Repository = ").Append(Repository).Append(", ApiUrl = ").Append(ApiUrl);
        return true;
    }
}
