using System.Net;

namespace ImageGate.Signing.TrustRoot.Tuf;

/// <summary>Bounded HTTP GETs for the TUF client: a deadline per request, a byte limit enforced while reading (and
/// from Content-Length), failures as <see cref="TufUnavailableException"/>
/// (<c>tuf-unreachable</c>, <c>tuf-missing</c>), more bytes than allowed as a <see cref="TufRepositoryException"/> (<c>tuf-too-large</c>).</summary>
internal sealed class TufFetcher(HttpClient http, TimeSpan timeout)
{
    /// <summary>The body of <paramref name="url"/>, or null for 404/403 when <paramref name="missingIsNull"/>.</summary>
    public async Task<byte[]?> GetAsync(Uri url, long maxBytes, string what, bool missingIsNull, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.ParseAdd("imagegate/0.1");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
            {
                if (missingIsNull) return null;
                throw new TufUnavailableException(TufReasons.Missing, $"{what}: GET {url} answered {(int)response.StatusCode} {response.StatusCode}");
            }
            if (!response.IsSuccessStatusCode)
                throw new TufUnavailableException(TufReasons.Unreachable, $"{what}: GET {url} answered {(int)response.StatusCode} {response.StatusCode}");
            if (response.Content.Headers.ContentLength > maxBytes)
                throw TooLarge(what, url, maxBytes, $"{response.Content.Headers.ContentLength} bytes announced");
            await using var stream = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            using var ms = new MemoryStream();
            var buffer = new byte[16384];
            int n;
            while ((n = await stream.ReadAsync(buffer, cts.Token).ConfigureAwait(false)) > 0)
            {
                if (ms.Length + n > maxBytes) throw TooLarge(what, url, maxBytes, "more sent");
                ms.Write(buffer, 0, n);
            }
            return ms.ToArray();
        }
        catch (HttpRequestException ex) { throw new TufUnavailableException(TufReasons.Unreachable, $"{what}: GET {url} failed: {ex.Message}", ex); }
        catch (IOException ex) { throw new TufUnavailableException(TufReasons.Unreachable, $"{what}: GET {url} failed: {ex.Message}", ex); }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new TufUnavailableException(TufReasons.Unreachable, $"{what}: GET {url} timed out after {timeout.TotalSeconds:0} s", ex);
        }
    }

    private static TufRepositoryException TooLarge(string what, Uri url, long max, string found) =>
        new(TufReasons.TooLarge, $"{what} from {url} is larger than the {max} bytes allowed ({found})");
}
