using ImageGate.Endorsement.Git;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary>The identity list-repository commits are made with: GIT_AUTHOR_NAME/EMAIL, the Actions bot in GitHub Actions, else ImageGate's default.</summary>
internal static class CommitAuthor
{
    public static GitAuthor From(CliEnvironment env)
    {
        if (env.Get("GIT_AUTHOR_NAME") is { } name && env.Get("GIT_AUTHOR_EMAIL") is { } email)
            return new GitAuthor(name, email);
        if (env.Get("GITHUB_ACTIONS") == "true")
            return new GitAuthor("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com");
        return GitAuthor.Default;
    }
}
