using System.Text.RegularExpressions;
using ImageGate.Core.Errors;

namespace ImageGate.Distribution.Client;

/// <summary>A reference to a repository in a registry, optionally with tags and a digest:
/// <c>REGISTRY/REPOSITORY[:TAG[,TAG…]][@sha256:HEX]</c>. The registry part is always explicit (no default registry).</summary>
/// <param name="Registry">Host and optional port (<c>ghcr.io</c>, <c>127.0.0.1:5000</c>).</param>
/// <param name="Repository">The repository path (<c>egi/ubuntu</c>).</param>
public sealed partial record RegistryReference(string Registry, string Repository)
{
    /// <summary>The tags named (empty when none).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The digest named (<c>sha256:…</c>), or null.</summary>
    public string? Digest { get; init; }

    /// <summary>The first tag, or null.</summary>
    public string? Tag => Tags.Count > 0 ? Tags[0] : null;

    /// <summary><c>REGISTRY/REPOSITORY</c>.</summary>
    public string Name => $"{Registry}/{Repository}";

    /// <summary><c>REGISTRY/REPOSITORY@DIGEST</c> for <paramref name="digest"/>.</summary>
    public string WithDigest(string digest) => $"{Name}@{digest}";

    /// <inheritdoc />
    public override string ToString() =>
        Name + (Tags.Count > 0 ? ":" + string.Join(',', Tags) : "") + (Digest is null ? "" : "@" + Digest);

    /// <summary>Parses <paramref name="text"/>; several comma-separated tags only when <paramref name="allowTagList"/>.
    /// Throws <see cref="BadInputException"/> naming the problem.</summary>
    public static RegistryReference Parse(string text, bool allowTagList = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        string? digest = null;
        var rest = text.Trim();
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest))
                throw new BadInputException($"'{digest}' is not a sha256 digest (sha256: and 64 lower-case hex digits)", text);
        }
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
            throw new BadInputException("expected REGISTRY/REPOSITORY[:TAG] (the registry host is required, e.g. ghcr.io/owner/name)", text);
        var registry = rest[..slash];
        if (!HostPattern().IsMatch(registry))
            throw new BadInputException($"'{registry}' is not a registry host[:port]", text);
        var path = rest[(slash + 1)..];
        var tags = new List<string>();
        var colon = path.LastIndexOf(':');
        if (colon >= 0)
        {
            foreach (var t in path[(colon + 1)..].Split(','))
            {
                if (!TagPattern().IsMatch(t))
                    throw new BadInputException($"'{t}' is not a valid tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')", text);
                tags.Add(t);
            }
            path = path[..colon];
            if (tags.Count > 1 && !allowTagList)
                throw new BadInputException("only one tag is allowed here", text);
        }
        if (!RepositoryPattern().IsMatch(path) || path.Length > 255)
            throw new BadInputException($"'{path}' is not a valid repository name (lower-case letters, digits, separators '.', '_', '-', '/')", text);
        return new RegistryReference(registry, path) { Tags = tags, Digest = digest };
    }

    /// <summary>True when <paramref name="tag"/> is a valid OCI tag.</summary>
    public static bool IsValidTag(string tag) => TagPattern().IsMatch(tag);

    /// <summary>True when <paramref name="digest"/> is <c>sha256:</c> and 64 lower-case hex digits.</summary>
    public static bool IsSha256Digest(string digest) => DigestPattern().IsMatch(digest);

    [GeneratedRegex(@"^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^(\[[0-9a-fA-F:]+\]|[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(:[0-9]{1,5})?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")]
    private static partial Regex TagPattern();
}
