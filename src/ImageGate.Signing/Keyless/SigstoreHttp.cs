using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Core.Http;

namespace ImageGate.Signing.Keyless;

/// <summary>HTTP calls to Sigstore services with a deadline, one retry on 5xx or a dropped connection, and
/// errors that name the service and request (never the token).</summary>
internal static class SigstoreHttp
{
    private const int MaxResponseBytes = 8 * 1024 * 1024;

    public static HttpClient CreateClient() => new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static async Task<byte[]> PostAsync(HttpClient http, string service, Uri url, string json, string accept, CancellationToken ct,
        AuthenticationHeaderValue? auth = null)
    {
        // One more attempt after a 5xx or a dropped connection, half a second later; a timeout is final.
        var retry = new HttpRetryOptions
        {
            MaxAttempts = 2,
            Delay = (_, _) => TimeSpan.FromMilliseconds(500),
            RetryStatus = code => code >= 500,
            RetryTimeouts = false,
        };
        try
        {
            return await HttpRetry.ExecuteAsync(retry, new HttpRetryRun(), async attemptToken =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent(json, Encoding.UTF8, "application/json"),
                };
                request.Headers.Accept.ParseAdd(accept);
                request.Headers.UserAgent.ParseAdd("imagegate/0.1");
                if (auth is not null) request.Headers.Authorization = auth;
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptToken).ConfigureAwait(false);
                var body = await ReadBoundedAsync(response, attemptToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode) return body;
                var text = Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)));
                throw new HttpStatusException(service, $"POST {url} answered {(int)response.StatusCode} {response.StatusCode}: {text}", (int)response.StatusCode);
            }, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) { throw new ExternalToolException(service, $"POST {url} failed: {ex.Message}", ex); }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested) { throw new ExternalToolException(service, $"POST {url} timed out", ex); }
    }

    public static async Task<byte[]> GetAsync(HttpClient http, string service, Uri url, AuthenticationHeaderValue? auth, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (auth is not null) request.Headers.Authorization = auth;
        request.Headers.UserAgent.ParseAdd("imagegate/0.1");
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            var body = await ReadBoundedAsync(response, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new ExternalToolException(service, $"GET {url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.StatusCode}");
            return body;
        }
        catch (HttpRequestException ex) { throw new ExternalToolException(service, $"GET {url.GetLeftPart(UriPartial.Path)} failed: {ex.Message}", ex); }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested) { throw new ExternalToolException(service, $"GET {url.GetLeftPart(UriPartial.Path)} timed out", ex); }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
            throw new ExternalToolException("http", "the response is too large");
        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            if (ms.Length + n > MaxResponseBytes) throw new ExternalToolException("http", "the response is too large");
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    public static bool IsStatus(HttpStatusCode code, int value) => (int)code == value;
}
