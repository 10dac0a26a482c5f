using System.CommandLine;
using ImageGate.Endorsement.Git;
using ImageGate.Endorsement.Hosting;
using ImageGate.GitHub;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary>The list-repository and GitHub options endorse, revoke, history and publish share.</summary>
public sealed class GitHubCliOptions
{
    /// <summary>Creates the options and adds them to <paramref name="command"/>.</summary>
    public GitHubCliOptions(Command command, bool withGitHub)
    {
        command.Options.Add(ListRepo);
        command.Options.Add(Base);
        if (!withGitHub) return;
        command.Options.Add(Repository);
        command.Options.Add(ApiUrl);
        command.Options.Add(Token);
    }

    /// <summary>The list repository.</summary>
    public Option<string> ListRepo { get; } = new("--list-repo") { Description = "The endorsed-list repository: a local path or a git URL", Required = true };

    /// <summary>The base branch.</summary>
    public Option<string> Base { get; } = new("--base") { Description = "The list repository's branch endorsements merge into", DefaultValueFactory = _ => "main" };

    /// <summary>The GitHub repository.</summary>
    public Option<string?> Repository { get; } = new("--github-repository") { Description = "OWNER/NAME of the list repository on GitHub; without it the change stays a local branch and the PR text is printed" };

    /// <summary>The GitHub REST API base URL.</summary>
    public Option<string?> ApiUrl { get; } = new("--github-api-url") { Description = "GitHub REST API URL (default https://api.github.com/; GitHub Enterprise: https://HOST/api/v3/)" };

    /// <summary>The token.</summary>
    public Option<string?> Token { get; } = new("--github-token") { Description = "GitHub token (default: the GITHUB_TOKEN environment variable); never written to disk or logs" };

    /// <summary>The token from the option or GITHUB_TOKEN, masked in Actions logs.</summary>
    public string? ResolveToken(CommandContext context)
    {
        var token = context.Get(Token) ?? context.Environment.Get("GITHUB_TOKEN");
        if (token is not null) context.Actions.Mask(token);
        return token;
    }

    /// <summary>The list repository location with its token.</summary>
    public ListRepository ResolveRepository(CommandContext context) =>
        ResolveRepository(context, context.Get(ListRepo) ?? throw new Core.Errors.BadInputException("--list-repo is required"), ResolveToken(context));

    /// <summary>The list repository at <paramref name="location"/> (a folder must exist) with <paramref name="token"/>.</summary>
    internal static ListRepository ResolveRepository(CommandContext context, string location, string? token)
    {
        var looksLikeUrl = location.Contains("://", StringComparison.Ordinal) || location.StartsWith("git@", StringComparison.Ordinal);
        if (!looksLikeUrl)
        {
            location = context.Environment.ResolvePath(location);
            if (!Directory.Exists(location))
                throw new Core.Errors.BadInputException("the list repository folder does not exist", location);
        }
        return new ListRepository(location, token);
    }

    /// <summary>The GitHub adapter, or null when no repository is given (local mode).</summary>
    public IRepositoryHost? CreateHost(CommandContext context) =>
        string.IsNullOrEmpty(context.Get(Repository)) ? null : CreateHost(context.Get(Repository), context.Get(ApiUrl), ResolveToken(context));

    /// <summary>The GitHub adapter for <paramref name="repository"/>, or null when none is given (local mode).</summary>
    internal static IRepositoryHost? CreateHost(string? repository, string? apiText, string? token)
    {
        if (string.IsNullOrEmpty(repository)) return null;
        Uri api = GitHubOptions.PublicApi;
        if (!string.IsNullOrEmpty(apiText) && !Uri.TryCreate(apiText, UriKind.Absolute, out api!))
            throw new Core.Errors.BadInputException($"--github-api-url '{apiText}' is not an absolute URL");
        if (token is null)
            throw new Core.Errors.BadInputException("--github-repository needs a token: set GITHUB_TOKEN or pass --github-token");
        return new GitHubRepositoryHost(new GitHubOptions(repository, token, api));
    }
}
