namespace ImageGate.Core.Packages;

/// <summary>The operating system named by an image's <c>/etc/os-release</c>.</summary>
/// <param name="Id">ID (debian, almalinux, rocky …).</param>
/// <param name="VersionId">VERSION_ID (12, 9.4 …).</param>
/// <param name="PrettyName">PRETTY_NAME.</param>
public sealed record OsRelease(string Id, string? VersionId, string? PrettyName)
{
    /// <summary>VERSION_CODENAME (bookworm …), when present.</summary>
    public string? VersionCodename { get; init; }

    /// <summary>ID_LIKE, split on spaces.</summary>
    public IReadOnlyList<string> IdLike { get; init; } = [];
}
