using System.Text.Json;
using ImageGate.Core.Text;
using ImageGate.Endorsement.Endorsing;

namespace ImageGate.Cli.Commands.Endorsement;

/// <summary>Prints an endorse or revoke result: JSON, or lines for people (with the PR text in local mode).</summary>
internal static class ProposalOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(CommandContext context, ProposalResult result, bool json, bool local)
    {
        var status = result.Status switch
        {
            ProposalStatus.Proposed => "proposed",
            ProposalStatus.Updated => "updated",
            ProposalStatus.Unchanged => "unchanged",
            _ => "already-merged",
        };
        context.Actions.SetOutput("branch", result.Branch);
        if (result.Commit is not null) context.Actions.SetOutput("commit", result.Commit);
        if (result.PullRequest is not null) context.Actions.SetOutput("pull-request-url", result.PullRequest.Url);
        if (json)
        {
            var payload = new
            {
                status,
                branch = result.Branch,
                commit = result.Commit,
                title = result.Title,
                labels = result.Labels,
                pullRequest = result.PullRequest is null ? null : new { number = result.PullRequest.Number, url = result.PullRequest.Url, created = result.PullRequest.Created },
                body = result.Body,
            };
            await context.Console.Out.WriteLineAsync(JsonSerializer.Serialize(payload, JsonOptions)).ConfigureAwait(false);
            return;
        }
        var o = context.Console.Out;
        if (result.Status == ProposalStatus.AlreadyMerged)
        {
            await o.WriteLineAsync($"{result.Title}: already on the base branch, nothing to do").ConfigureAwait(false);
            return;
        }
        await o.WriteLineAsync($"{status}: branch {result.Branch} at {result.Commit}").ConfigureAwait(false);
        if (result.PullRequest is { } pr)
        {
            await o.WriteLineAsync($"pull request #{pr.Number} {(pr.Created ? "opened" : "updated")}: {pr.Url}").ConfigureAwait(false);
            context.Actions.AppendSummary($"### {Markdown.Cell(result.Title)}\n\nPull request: {pr.Url}\n");
        }
        else if (local)
        {
            await o.WriteLineAsync("local mode (no --github-repository): the pull request to open would be").ConfigureAwait(false);
            await o.WriteLineAsync($"title: {result.Title}").ConfigureAwait(false);
            await o.WriteLineAsync($"labels: {string.Join(", ", result.Labels)}").ConfigureAwait(false);
            await o.WriteLineAsync().ConfigureAwait(false);
            await o.WriteLineAsync(result.Body).ConfigureAwait(false);
        }
    }
}
