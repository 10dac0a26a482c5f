namespace ImageGate.Endorsement.Hosting;

/// <summary>A pull request to open or update.</summary>
/// <param name="Head">The branch proposing the change.</param>
/// <param name="Base">The branch it merges into.</param>
/// <param name="Title">The title.</param>
/// <param name="Body">The markdown body.</param>
/// <param name="Labels">Labels to apply.</param>
public sealed record PullRequestDraft(string Head, string Base, string Title, string Body, IReadOnlyList<string> Labels);
