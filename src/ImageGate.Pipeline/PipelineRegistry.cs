using ImageGate.Core.Errors;
using ImageGate.Distribution.Client;

namespace ImageGate.Pipeline;

/// <summary>Where the pipeline pushes each signed image: <c>REGISTRY/NAMESPACE</c>, the repository being
/// <c>NAMESPACE/NAME</c>. The push carries only the pre-endorsement tag <c>VERSION-HEX12</c> (hyphenated, so EGI's
/// atrope ignores it until <c>publish --registry-sync</c> sets the endorsed tag).</summary>
/// <param name="Registry">The registry host[:port].</param>
/// <param name="Namespace">The repository namespace (one or more path components).</param>
public sealed record PipelineRegistry(string Registry, string Namespace)
{
    /// <summary>A new client for a registry host (the pipeline disposes it).</summary>
    public required Func<string, RegistryClient> ClientFor { get; init; }

    /// <summary>Annotations that win over those read from the image (e.g. the manifest's revision and source).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Parses <c>REGISTRY/NAMESPACE</c> (bad input names the problem).</summary>
    public static (string Registry, string Namespace) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim().TrimEnd('/');
        if (trimmed.Contains('@', StringComparison.Ordinal) || (trimmed.Contains(':', StringComparison.Ordinal) && trimmed.LastIndexOf(':') > trimmed.IndexOf('/', StringComparison.Ordinal)))
            throw new BadInputException($"--registry '{text}' is REGISTRY/NAMESPACE, without a tag or digest (the push is tagged VERSION-<12 hex of the digest>)");
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == trimmed.Length - 1)
            throw new BadInputException($"--registry '{text}' is not REGISTRY/NAMESPACE (e.g. ghcr.io/OWNER or harbor.example.org/vo): the image goes to NAMESPACE/NAME");
        var parsed = RegistryReference.Parse(trimmed);
        return (parsed.Registry, parsed.Repository);
    }

    /// <summary>The repository an image named <paramref name="name"/> is pushed to: <c>NAMESPACE/name</c> in lower case.</summary>
    public RegistryReference RepositoryFor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            return RegistryReference.Parse($"{Registry}/{Namespace}/{name.ToLowerInvariant()}");
        }
        catch (BadInputException ex)
        {
            throw new BadInputException($"the image name '{name}' cannot be a repository name under {Registry}/{Namespace} (lower-case letters, digits, '.', '_', '-'): give --image-name: {ex.Message}");
        }
    }
}
