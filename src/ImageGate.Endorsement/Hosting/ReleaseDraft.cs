namespace ImageGate.Endorsement.Hosting;

/// <summary>A release to create or update.</summary>
/// <param name="Tag">The tag name.</param>
/// <param name="Name">The release title.</param>
/// <param name="Body">The markdown description.</param>
/// <param name="Assets">The files to attach (same-named assets are replaced).</param>
public sealed record ReleaseDraft(string Tag, string Name, string Body, IReadOnlyList<ReleaseAsset> Assets);
