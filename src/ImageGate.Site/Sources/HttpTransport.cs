using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using ImageGate.Core.Errors;
using ImageGate.Core.Http;
using ImageGate.Site.Verification;

namespace ImageGate.Site.Sources;

/// <summary>HTTP GETs with retries (Core's <see cref="HttpRetry"/>), size limits, idle timeouts and deadlines; downloads
/// resume with <c>Range</c>, and an attempt that brought bytes starts the attempt count afresh.</summary>
internal sealed class HttpTransport : IDisposable
{
    private const int BufferSize = 256 * 1024;
    private readonly HttpClient _client;
    private readonly SiteHttpOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpRetryOptions _retry;

    public HttpTransport(SiteHttpOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _retry = new HttpRetryOptions
        {
            MaxAttempts = options.MaxAttempts,
            Delay = Delay,
            Time = time,
        };
        _client = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("imagegate", "0.1"));
    }

    public void Dispose() => _client.Dispose();

    /// <summary>GETs a small document (list, bundle) of at most <paramref name="maxBytes"/>.</summary>
    public async Task<byte[]> GetBytesAsync(Uri uri, long maxBytes, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(_options.ListDeadline, cancellationToken);
        var run = new HttpRetryRun();
        try
        {
            return await HttpRetry.ExecuteAsync(_retry, run, async ct =>
            {
                using var response = await SendAsync(uri, null, ct).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK)
                    throw StatusFailure(uri, response);
                if (response.Content.Headers.ContentLength > maxBytes)
                    throw new BadInputException($"larger than the limit of {maxBytes} bytes", uri.ToString());
                var buffer = new MemoryStream();
                await CopyAsync(response, buffer, maxBytes, uri, null, ct).ConfigureAwait(false);
                return buffer.ToArray();
            }, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Final(uri, ex, run, null, deadline, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Downloads <paramref name="uri"/> into <paramref name="partPath"/>, resuming from what the file already
    /// holds, until it has <paramref name="expectedSize"/> bytes; then checks both digests. A digest or size mismatch
    /// deletes the partial file and throws <see cref="VerificationException"/>.</summary>
    public async Task DownloadAsync(Uri uri, string partPath, long expectedSize, string? sha256, string sha512, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(_options.ImageDeadline, cancellationToken);
        using var hash256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var hash512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        long have;
        await using (var file = new FileStream(partPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, BufferSize, useAsync: true))
        {
            if (file.Length > expectedSize)
                file.SetLength(0);
            // Hash what an earlier run left, so the check stays one streaming pass over the whole image.
            have = await HashPrefixAsync(file, hash256, hash512, deadline.Token).ConfigureAwait(false);
            var run = new HttpRetryRun();
            try
            {
                if (have < expectedSize)
                    await HttpRetry.ExecuteAsync(_retry, run, async ct =>
                    {
                        var before = have;
                        try
                        {
                            var response = await SendAsync(uri, have > 0 ? have : null, ct).ConfigureAwait(false);
                            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && have > 0)
                            {
                                response.Dispose();
                                Restart(file, hash256, hash512, ref have);
                                response = await SendAsync(uri, null, ct).ConfigureAwait(false);
                            }
                            using (response)
                            {
                                if (response.StatusCode == HttpStatusCode.OK && have > 0)
                                    Restart(file, hash256, hash512, ref have); // the server ignored Range: start over
                                else if (response.StatusCode == HttpStatusCode.PartialContent)
                                {
                                    if (response.Content.Headers.ContentRange?.From != have)
                                        throw new ExternalToolException("http", $"GET {uri}: the server answered a range other than the one asked for");
                                }
                                else if (response.StatusCode != HttpStatusCode.OK)
                                    throw StatusFailure(uri, response);
                                file.Seek(have, SeekOrigin.Begin);
                                try
                                {
                                    await CopyAsync(response, file, expectedSize - have, uri, (hash256, hash512), ct).ConfigureAwait(false);
                                }
                                finally
                                {
                                    await file.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                                    have = file.Position;
                                }
                            }
                            if (have < expectedSize)
                                throw new IOException($"the response ended after {have} of {expectedSize} bytes");
                            return true;
                        }
                        catch (Exception) when (have > before)
                        {
                            run.MadeProgress(); // a resumable failure: count afresh
                            throw;
                        }
                    }, deadline.Token).ConfigureAwait(false);
            }
            catch (ImageTooLargeException)
            {
                file.SetLength(0);
                await file.DisposeAsync().ConfigureAwait(false);
                File.Delete(partPath);
                throw new VerificationException(ListReasons.ImageSizeMismatch, $"GET {uri}: more than the {expectedSize} bytes the list gives");
            }
            catch (Exception ex) when (Final(uri, ex, run, have, deadline, cancellationToken) is { } failure)
            {
                throw failure;
            }
            file.Flush(flushToDisk: true);
        }
        var actual512 = Convert.ToHexStringLower(hash512.GetHashAndReset());
        var actual256 = Convert.ToHexStringLower(hash256.GetHashAndReset());
        if (actual512 != sha512 || (sha256 is not null && actual256 != sha256))
        {
            File.Delete(partPath);
            throw new VerificationException(ListReasons.ImageDigestMismatch,
                $"GET {uri}: SHA-512 {actual512} (SHA-256 {actual256}) differs from the list's {sha512} ({sha256 ?? "no SHA-256"}); the download was discarded");
        }
    }

    private static void Restart(FileStream file, IncrementalHash a, IncrementalHash b, ref long have)
    {
        file.SetLength(0);
        a.GetHashAndReset();
        b.GetHashAndReset();
        have = 0;
    }

    private static async Task<long> HashPrefixAsync(FileStream file, IncrementalHash a, IncrementalHash b, CancellationToken ct)
    {
        var buffer = new byte[BufferSize];
        file.Seek(0, SeekOrigin.Begin);
        long total = 0;
        int n;
        while ((n = await file.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            a.AppendData(buffer, 0, n);
            b.AppendData(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, long? from, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (from is { } start)
            request.Headers.Range = new RangeHeaderValue(start, null);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(_options.IdleTimeout);
        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"no response within {_options.IdleTimeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Copies the body to <paramref name="target"/>, at most <paramref name="limit"/> bytes (one more is an
    /// error), with an idle timeout per read.</summary>
    private async Task CopyAsync(HttpResponseMessage response, Stream target, long limit, Uri uri,
        (IncrementalHash A, IncrementalHash B)? hashes, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[BufferSize];
        long copied = 0;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        while (true)
        {
            idle.CancelAfter(_options.IdleTimeout);
            int n;
            try
            {
                n = await body.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"no data for {_options.IdleTimeout.TotalSeconds:0.#} s");
            }
            if (n == 0) return;
            if (copied + n > limit)
            {
                if (hashes is null)
                    throw new BadInputException($"larger than the limit of {limit} bytes", uri.ToString());
                throw new ImageTooLargeException();
            }
            await target.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            if (hashes is { } h)
            {
                h.A.AppendData(buffer, 0, n);
                h.B.AppendData(buffer, 0, n);
            }
            copied += n;
        }
    }

    /// <summary>The failure an answer other than the one wanted is: <see cref="HttpRetry"/> tries again when the
    /// status is worth it (408, 429, 5xx), after the server's <c>Retry-After</c> when it gave one.</summary>
    private HttpStatusException StatusFailure(Uri uri, HttpResponseMessage response) =>
        new("http", $"GET {uri}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", (int)response.StatusCode,
            HttpRetry.RetryAfter(response.Headers, _time));

    /// <summary>The error to report for the failure that ended the retries, or null to let it through as it is (the
    /// caller's own cancellation, a bad input, a failure that is not worth another attempt).</summary>
    private static ExternalToolException? Final(Uri uri, Exception ex, HttpRetryRun run, long? have, CancellationTokenSource deadline,
        CancellationToken callerToken)
    {
        var attempts = Math.Max(run.Attempts, 1);
        if (ex is HttpStatusException status)
            return new ExternalToolException("http", attempts > 1 ? $"{status.Detail} (after {attempts} attempts)" : status.Detail);
        if (!IsTransient(ex, callerToken)) return null;
        if (deadline.IsCancellationRequested)
            return new ExternalToolException("http", $"GET {uri}: deadline exceeded{Progress(have)}", ex);
        return new ExternalToolException("http", $"GET {uri}: {ex.Message}{Progress(have)} (after {attempts} attempts)", ex);
    }

    private static string Progress(long? have) => have is > 0 ? $" ({have} bytes kept for a later resume)" : "";

    /// <summary>The doubling back-off after the <paramref name="attempt"/>th failed attempt, or the server's longer
    /// <c>Retry-After</c>, at most <see cref="SiteHttpOptions.RetryMaxDelay"/>.</summary>
    private TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        var delay = Backoff(attempt);
        if (retryAfter is { } asked && asked > delay)
            delay = asked < _options.RetryMaxDelay ? asked : _options.RetryMaxDelay;
        return delay;
    }

    private TimeSpan Backoff(int attempt)
    {
        var ticks = _options.RetryBaseDelay.Ticks * (1L << Math.Min(attempt - 1, 16));
        return TimeSpan.FromTicks(Math.Min(ticks, _options.RetryMaxDelay.Ticks));
    }

    private CancellationTokenSource Deadline(TimeSpan limit, CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(limit);
        return cts;
    }

    /// <summary>Failures worth another attempt: network errors, resets, truncation, timeouts, our deadline (which
    /// <see cref="Final"/> then reports). Never the caller's own cancellation.</summary>
    private static bool IsTransient(Exception ex, CancellationToken callerToken) =>
        !callerToken.IsCancellationRequested
        && ex is HttpRequestException or IOException or TimeoutException or OperationCanceledException;

    private sealed class ImageTooLargeException : Exception;
}
