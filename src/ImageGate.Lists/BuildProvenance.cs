namespace ImageGate.Lists;

/// <summary>Who built the image: the workflow identity and the source commit.</summary>
/// <param name="Workflow">The workflow identity (e.g. <c>owner/repo/.github/workflows/build.yml@refs/heads/main</c>) or another builder name.</param>
/// <param name="Commit">The source commit the image was built from.</param>
/// <param name="RunUri">A link to the build run, when known.</param>
public sealed record BuildProvenance(string Workflow, string? Commit, string? RunUri);
