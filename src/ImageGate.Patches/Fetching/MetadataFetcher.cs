using System.Net;
using System.Security.Cryptography;
using ImageGate.Core.Errors;
using ImageGate.Core.Http;
using ImageGate.Core.IO;

namespace ImageGate.Patches.Fetching;

/// <summary>Downloads repository metadata: mirror rewrites, an offline metadata folder, <c>file://</c> URLs,
/// retries with back-off (honouring Retry-After), hard size limits, a cache keyed by SHA-256, and (with a
/// <see cref="MetadataCache"/>) each URL downloaded once per run.</summary>
internal sealed class MetadataFetcher : IDisposable
{
    private readonly PatchCheckOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsClient;

    public MetadataFetcher(PatchCheckOptions options, MetadataCache? cache = null)
    {
        _options = options;
        Cache = cache;
        if (options.HttpClient is { } client) _http = client;
        else
        {
            _http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, ConnectTimeout = TimeSpan.FromSeconds(20) })
            {
                Timeout = options.RequestTimeout,
            };
            _http.DefaultRequestHeaders.UserAgent.ParseAdd("ImageGate-patch-check/0.1");
            _ownsClient = true;
        }
    }

    /// <summary>The run's shared metadata, or null when this check stands alone.</summary>
    public MetadataCache? Cache { get; }

    /// <summary>Where a URL is really read from after <c>--mirror</c> and <c>--metadata-dir</c>.</summary>
    public string Resolve(string url) => Resolve(url, out _);

    /// <summary>Where a URL is really read from; <paramref name="byOperator"/> is true when an operator's
    /// <c>--mirror</c> or <c>--metadata-dir</c> decided it (only then may it be a <c>file:</c> URL).</summary>
    public string Resolve(string url, out bool byOperator)
    {
        byOperator = false;
        foreach (var m in _options.Mirrors)
            if (m.Apply(url) is { } rewritten) { url = rewritten; byOperator = true; break; }
        if (_options.MetadataDirectory is { } dir && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme != "file")
        {
            var rel = Uri.UnescapeDataString(u.AbsolutePath).TrimStart('/');
            var withHost = Path.Combine(dir, u.Host, rel);
            var candidate = File.Exists(withHost) || Directory.Exists(Path.Combine(dir, u.Host)) ? withHost : Path.Combine(dir, rel);
            byOperator = true;
            return new Uri(Path.GetFullPath(candidate)).AbsoluteUri;
        }
        return url;
    }

    /// <summary>True when an operator's <c>--mirror</c> or <c>--metadata-dir</c> decides where <paramref name="url"/> is read.</summary>
    public bool IsOperatorRewritten(string url)
    {
        Resolve(url, out var byOperator);
        return byOperator;
    }

    /// <summary>Why a URL an image (or a recorded inventory) configures is not fetched, or null: a <c>file:</c> URL
    /// that no operator mirror rewrites would read the scanning host's own files.</summary>
    public string? Refusal(string url)
    {
        var resolved = Resolve(url, out var byOperator);
        return !byOperator && RepositoryUrl.IsFile(resolved)
            ? $"{url} is a file: URL from the image or its recorded inventory; ImageGate never reads the scanning host's files for an image (give --mirror {url}=URL to check it)"
            : null;
    }

    /// <summary>The bytes at <paramref name="url"/>, or null when the server (or folder) does not have it.
    /// With <paramref name="sha256"/> the cache is consulted first and a download is stored there once it matches.</summary>
    public async Task<FetchedFile?> TryGetAsync(string url, long maxBytes, string? sha256, string repository, CancellationToken ct)
    {
        if (Refusal(url) is { } refused) throw new BadInputException($"repository {repository}: {refused}");
        var resolved = Resolve(url);
        if (sha256 is not null && CachePath(sha256) is { } cached && File.Exists(cached))
        {
            var bytes = await File.ReadAllBytesAsync(cached, ct).ConfigureAwait(false);
            if (Hex(SHA256.HashData(bytes)) == sha256.ToLowerInvariant())
                return new FetchedFile(url, resolved, bytes, FromCache: true);
        }
        var data = Cache is null
            ? await DownloadAndStoreAsync(resolved, maxBytes, sha256, repository, ct).ConfigureAwait(false)
            : await Cache.GetOrAddAsync($"file {maxBytes} {resolved}", () => DownloadAndStoreAsync(resolved, maxBytes, sha256, repository, ct)).ConfigureAwait(false);
        return data is null ? null : new FetchedFile(url, resolved, data, FromCache: false);
    }

    /// <summary>Downloads (or reads) <paramref name="resolved"/> and, when it has the expected SHA-256, keeps it in the cache folder.</summary>
    private async Task<byte[]?> DownloadAndStoreAsync(string resolved, long maxBytes, string? sha256, string repository, CancellationToken ct)
    {
        Cache?.CountDownload();
        var data = await DownloadAsync(resolved, maxBytes, repository, ct).ConfigureAwait(false);
        if (data is null) return null;
        if (sha256 is not null && CachePath(sha256) is { } path && Hex(SHA256.HashData(data)) == sha256.ToLowerInvariant())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await AtomicFile.WriteAsync(path, data, ct).ConfigureAwait(false);
        }
        return data;
    }

    private string? CachePath(string sha256) =>
        _options.CacheDirectory is { } dir && sha256.Length == 64 && sha256.All(char.IsAsciiHexDigit)
            ? Path.Combine(dir, "sha256", sha256[..2].ToLowerInvariant(), sha256.ToLowerInvariant())
            : null;

    private async Task<byte[]?> DownloadAsync(string url, long maxBytes, string repository, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw new BadInputException($"repository {repository}: '{url}' is not an absolute URL");
        if (uri.IsFile)
        {
            var path = uri.LocalPath;
            if (!File.Exists(path)) return null;
            var info = new FileInfo(path);
            if (info.Length > maxBytes)
                throw new BadInputException($"repository {repository}: {path} is {info.Length} bytes, more than the limit of {maxBytes}", path);
            return await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        }
        if (uri.Scheme is not ("http" or "https"))
            throw new BadInputException($"repository {repository}: unsupported URL scheme '{uri.Scheme}' in {url}");

        var run = new HttpRetryRun();
        var retry = new HttpRetryOptions
        {
            MaxAttempts = Math.Max(1, _options.MaxAttempts),
            Delay = (attempt, retryAfter) => retryAfter is { } ra && ra > TimeSpan.Zero
                ? TimeSpan.FromSeconds(Math.Min(ra.TotalSeconds, 30))
                : TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt - 1)),
            Time = _options.TimeProvider,
        };
        try
        {
            return await HttpRetry.ExecuteAsync<byte[]?>(retry, run, async attemptToken =>
            {
                // The whole download (headers and body) is bounded by the request timeout: a slow server cannot stall the check.
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(attemptToken);
                deadline.CancelAfter(_options.RequestTimeout);
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone) return null;
                if (response.IsSuccessStatusCode)
                {
                    if (response.Content.Headers.ContentLength is long len && len > maxBytes)
                        throw new BadInputException($"repository {repository}: {url} is {len} bytes, more than the limit of {maxBytes}");
                    await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                    return await ReadLimitedAsync(stream, maxBytes, url, repository, deadline.Token).ConfigureAwait(false);
                }
                var code = (int)response.StatusCode;
                var failure = $"HTTP {code} {response.ReasonPhrase}";
                if (!retry.RetryStatus(code))
                    throw new ExternalToolException($"repository {repository}", $"{url}: {failure}");
                throw new HttpStatusException($"repository {repository}", failure, code, HttpRetry.RetryAfter(response.Headers, _options.TimeProvider));
            }, ct).ConfigureAwait(false);
        }
        catch (HttpStatusException e)
        {
            throw new ExternalToolException($"repository {repository}", $"{url}: {e.Detail} (after {run.Attempts} attempts)");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new ExternalToolException($"repository {repository}", $"{url}: {e.Message} (after {run.Attempts} attempts)");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ExternalToolException($"repository {repository}", $"{url}: timed out after {_options.RequestTimeout.TotalSeconds:F0} s (after {run.Attempts} attempts)");
        }
    }

    internal static async Task<byte[]> ReadLimitedAsync(Stream stream, long maxBytes, string url, string repository, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (ms.Length + n > maxBytes)
                throw new BadInputException($"repository {repository}: {url} is larger than the limit of {maxBytes} bytes");
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    internal static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);

    public void Dispose()
    {
        if (_ownsClient) _http.Dispose();
    }
}

/// <summary>A downloaded file: the URL as configured, where it was really read from, its bytes.</summary>
internal sealed record FetchedFile(string Url, string ResolvedUrl, byte[] Bytes, bool FromCache);
