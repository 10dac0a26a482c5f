using System.CommandLine;
using ImageGate.Endorsement.Endorsing;
using ImageGate.Endorsement.Format;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary><c>imagegate revoke NAME@VERSION --reason TEXT</c>: proposes a revocation record.</summary>
public sealed class RevokeCommand : VerbCommand
{
    /// <summary>Creates the verb.</summary>
    public RevokeCommand(CliEnvironment env) : base("revoke", "Open a pull request revoking an endorsed image", env)
    {
        Arguments.Add(Image);
        Options.Add(Reason);
        Options.Add(RevokedBy);
        Options.Add(Labels);
        Options.Add(Json);
        Repo = new GitHubCliOptions(this, withGitHub: true);
    }

    /// <summary>NAME@VERSION.</summary>
    public Argument<string> Image { get; } = new("NAME@VERSION") { Description = "The image version to revoke" };

    /// <summary>--reason.</summary>
    public Option<string> Reason { get; } = new("--reason") { Description = "Why the image is revoked (recorded and shown to reviewers)", Required = true };

    /// <summary>--revoked-by.</summary>
    public Option<string?> RevokedBy { get; } = new("--revoked-by") { Description = "Who revokes it (default: GITHUB_ACTOR, GIT_AUTHOR_NAME or USER)" };

    /// <summary>--label.</summary>
    public Option<string[]> Labels { get; } = new("--label") { Description = "Extra pull request label (repeatable)" };

    /// <summary>--json.</summary>
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON" };

    /// <summary>The list repository and GitHub options.</summary>
    public GitHubCliOptions Repo { get; }

    /// <inheritdoc />
    protected override async Task<int> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var env = context.Environment;
        var request = new RevokeRequest
        {
            Image = ImageReference.Parse(context.Get(Image)!),
            Reason = context.Get(Reason)!,
            RevokedBy = context.Get(RevokedBy) ?? env.Get("GITHUB_ACTOR") ?? env.Get("GIT_AUTHOR_NAME") ?? env.Get("USER") ?? "unknown",
            Repository = Repo.ResolveRepository(context),
            Base = context.Get(Repo.Base) ?? "main",
            Author = CommitAuthor.From(env),
            Labels = context.Get(Labels) ?? [],
        };
        var host = Repo.CreateHost(context);
        var result = await new Endorser(context.Environment.Git, host).RevokeAsync(request, cancellationToken).ConfigureAwait(false);
        await ProposalOutput.WriteAsync(context, result, context.Get(Json), host is null).ConfigureAwait(false);
        return ExitCodes.Passed;
    }
}
