using ImageGate.Core.Errors;

namespace ImageGate.Site.Sources;

/// <summary>Where a list or bundle comes from: an http(s) URL or a local file.</summary>
internal sealed record Location(Uri? Url, string? FilePath)
{
    public static Location Parse(string text, string workingDirectory)
    {
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
                throw new BadInputException($"'{text}' is not a valid URL");
            return new Location(uri, null);
        }
        if (text.Contains("://", StringComparison.Ordinal))
            throw new BadInputException($"'{text}': only http(s) URLs and local files are supported");
        return new Location(null, Path.GetFullPath(text, workingDirectory));
    }

    /// <summary>The default bundle next to a list: the same location with <c>.sigstore.json</c> appended.</summary>
    public Location WithSuffix(string suffix) =>
        Url is not null ? new Location(new Uri(Url.GetLeftPart(UriPartial.Path) + suffix), null) : new Location(null, FilePath + suffix);

    public async Task<byte[]> ReadAsync(HttpTransport? http, long maxBytes, CancellationToken cancellationToken)
    {
        if (Url is not null)
            return await (http ?? throw new InvalidOperationException("no HTTP transport")).GetBytesAsync(Url, maxBytes, cancellationToken).ConfigureAwait(false);
        var info = new FileInfo(FilePath!);
        if (!info.Exists)
            throw new BadInputException("no such file", FilePath);
        if (info.Length > maxBytes)
            throw new BadInputException($"larger than the limit of {maxBytes} bytes", FilePath);
        return await File.ReadAllBytesAsync(FilePath!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An image URI from the list, resolved against this (list) location when relative.</summary>
    public Uri Resolve(string uri, string listSource)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            return absolute;
        if (Url is not null && Uri.TryCreate(Url, uri, out var relative))
            return relative;
        throw new BadInputException($"image URI '{uri}' is relative, but the list is not served over HTTP", listSource);
    }

    public override string ToString() => Url?.ToString() ?? FilePath!;
}
