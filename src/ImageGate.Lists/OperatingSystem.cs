namespace ImageGate.Lists;

/// <summary>The image's operating system, as os-release names it.</summary>
/// <param name="Id">os-release ID (<c>debian</c>, <c>almalinux</c>).</param>
/// <param name="VersionId">os-release VERSION_ID (<c>12</c>, <c>9.4</c>).</param>
/// <param name="PrettyName">os-release PRETTY_NAME.</param>
public sealed record OperatingSystem(string? Id, string? VersionId, string? PrettyName);
