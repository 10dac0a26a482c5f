namespace ImageGate.Distribution.Internal;

/// <summary>One registry request that can be built again for each attempt (its content is re-opened).</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Uri">The absolute URI.</param>
/// <param name="Scopes">The token scopes it needs (<c>repository:NAME:pull</c> …).</param>
/// <param name="Describe">What it is, for messages (<c>GET manifest egi/ubuntu:12</c>).</param>
internal sealed record RegistryRequest(HttpMethod Method, Uri Uri, IReadOnlyList<string> Scopes, string Describe)
{
    /// <summary>Builds the body for an attempt, or null.</summary>
    public Func<HttpContent?>? Content { get; init; }

    /// <summary>Extra headers (Accept, Range …).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
