using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ImageGate.Core.Errors;
using ImageGate.Core.Http;
using ImageGate.Distribution.Auth;
using ImageGate.Distribution.Client;

namespace ImageGate.Distribution.Internal;

/// <summary>Sends registry requests: the base URL (HTTPS, plain HTTP for loopback or when allowed), the auth
/// handshake (anonymous, Basic, Bearer token challenge with a per-scope token cache) and retries (Core's
/// <see cref="HttpRetry"/>: 429 and 5xx honouring <c>Retry-After</c>, dropped connections). Never puts a credential in a message.</summary>
internal sealed class RegistryTransport : IDisposable
{
    private readonly HttpClient _client;
    private readonly RegistryCredentials? _credentials;
    private readonly RegistryClientOptions _options;
    private readonly ConcurrentDictionary<string, AuthenticationHeaderValue> _authorisations = new(StringComparer.Ordinal);
    private readonly HttpRetryOptions _retry;
    private readonly TimeProvider _time;
    private volatile bool _basic;

    public RegistryTransport(string registry, RegistryCredentials? credentials, RegistryClientOptions options, TimeProvider time)
    {
        Registry = registry;
        _time = time;
        _credentials = credentials;
        _options = options;
        var plain = options.InsecureRegistry || IsLoopback(registry);
        BaseUri = new Uri($"{(plain ? "http" : "https")}://{registry}/");
        _client = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = true, // blob GETs may redirect to storage; .NET drops Authorization on redirects
            MaxAutomaticRedirections = 5,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("imagegate", "0.1"));
        _retry = new HttpRetryOptions
        {
            MaxAttempts = options.MaxAttempts,
            RetryStatus = code => code is 429 or 500 or 502 or 503 or 504,
            AcceptWait = (attempt, retryAfter) => Delay(retryAfter, attempt) <= options.MaxDelay,
            Delay = (attempt, retryAfter) => TimeSpan.FromTicks((long)(Delay(retryAfter, attempt).Ticks * options.DelayScale)),
            OnRetry = (failure, attempt, _) =>
            {
                var why = failure is HttpStatusException s ? $"HTTP {s.StatusCode}" : failure.Message;
                var wait = Delay((failure as HttpStatusException)?.RetryAfter, attempt); // as the registry asked (before DelayScale)
                options.OnRetry?.Invoke($"registry {registry}: {why}; retrying in {wait.TotalSeconds:0.#} s (attempt {attempt + 1} of {options.MaxAttempts})");
            },
            Time = time,
        };
    }

    /// <summary>The registry host[:port].</summary>
    public string Registry { get; }

    /// <summary><c>https://HOST/</c> or <c>http://HOST/</c>.</summary>
    public Uri BaseUri { get; }

    public void Dispose() => _client.Dispose();

    /// <summary>True for localhost, 127.0.0.0/8 and ::1 (with or without a port).</summary>
    public static bool IsLoopback(string registry)
    {
        var host = registry;
        if (host.StartsWith('['))
            host = host[1..host.IndexOf(']', StringComparison.Ordinal)];
        else if (host.LastIndexOf(':') is var c && c > 0) host = host[..c];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Sends <paramref name="request"/> with retries and auth; the caller disposes the response. Throws
    /// <see cref="ExternalToolException"/> when the registry stays unreachable or keeps failing.</summary>
    public async Task<HttpResponseMessage> SendAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        var run = new HttpRetryRun();
        try
        {
            return await HttpRetry.ExecuteAsync(_retry, run, async ct =>
            {
                var response = await SendAuthenticatedAsync(request, ct).ConfigureAwait(false);
                if ((int)response.StatusCode is not (429 or >= 500)) return response;
                var status = (int)response.StatusCode;
                var retryAfter = HttpRetry.RetryAfter(response.Headers, _time);
                response.Dispose();
                throw new HttpStatusException($"registry {Registry}", $"{request.Describe}: HTTP {status}", status, retryAfter);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpStatusException ex)
        {
            throw Unavailable(request, $"HTTP {ex.StatusCode} after {run.Attempts} attempt(s)");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(request, $"{ex.Message} (after {run.Attempts} attempt(s))", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(request, $"no answer within {_options.ResponseTimeout.TotalSeconds:0} s", ex);
        }
    }

    /// <summary>An "unavailable" error naming the registry and the request.</summary>
    public ExternalToolException Unavailable(RegistryRequest request, string message, Exception? inner = null) =>
        new($"registry {Registry}", $"{request.Describe}: {message}", inner);

    /// <summary>Reads a registry error body (<c>{"errors":[{"code":…}]}</c>) into a short list of codes.</summary>
    public static async Task<string> ErrorCodesAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length == 0 || body.Length > 65536) return "";
            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array) return "";
            var codes = errors.EnumerateArray()
                .Select(e => e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null)
                .Where(c => c is not null && c.Length <= 64 && c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                .ToList();
            return codes.Count == 0 ? "" : " " + string.Join(",", codes);
        }
        catch (Exception ex) when (ex is JsonException or IOException or HttpRequestException)
        {
            return "";
        }
    }

    private async Task<HttpResponseMessage> SendAuthenticatedAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        var key = ScopeKey(request.Scopes);
        var sentWith = Cached(key);
        var response = await SendRawAsync(request, sentWith, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized) return response;
        var challenge = AuthChallenge.From(response.Headers);
        response.Dispose();
        if (challenge is null)
            throw new BadInputException($"registry {Registry}: {request.Describe}: HTTP 401 without an authentication challenge{CredentialHint()}");
        var authorisation = await AuthoriseAsync(challenge, request, cancellationToken).ConfigureAwait(false);
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            _basic = true;
        _authorisations[_basic ? "" : key] = authorisation;
        response = await SendRawAsync(request, authorisation, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new BadInputException(_credentials is null
                ? $"registry {Registry}: {request.Describe}: authentication required (anonymous access refused); give --registry-username and --registry-password-stdin, or set {CredentialResolver.UsernameVariable}/{CredentialResolver.PasswordVariable}"
                : $"registry {Registry}: {request.Describe}: the registry refused the credentials of {_credentials} (HTTP 401)");
        }
        return response;
    }

    private AuthenticationHeaderValue? Cached(string key) =>
        _basic ? _authorisations.GetValueOrDefault("") : _authorisations.GetValueOrDefault(key);

    private async Task<HttpResponseMessage> SendRawAsync(RegistryRequest request, AuthenticationHeaderValue? authorisation, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, request.Uri) { Content = request.Content?.Invoke() };
        foreach (var (k, v) in request.Headers)
            if (!message.Headers.TryAddWithoutValidation(k, v)) message.Content?.Headers.TryAddWithoutValidation(k, v);
        message.Headers.Authorization = authorisation;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ResponseTimeout);
        return await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
    }

    private async Task<AuthenticationHeaderValue> AuthoriseAsync(AuthChallenge challenge, RegistryRequest request, CancellationToken cancellationToken)
    {
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (_credentials is null)
                throw new BadInputException($"registry {Registry}: {request.Describe}: authentication required; give --registry-username and --registry-password-stdin, or set {CredentialResolver.UsernameVariable}/{CredentialResolver.PasswordVariable}");
            return BasicHeader(_credentials);
        }
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || challenge["realm"] is not { } realm
            || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("https" or "http"))
            throw new ExternalToolException($"registry {Registry}", $"{request.Describe}: unsupported authentication challenge '{challenge.Scheme}'");
        if (realmUri.Scheme == "http" && !_options.InsecureRegistry && !IsLoopback(realmUri.Authority) && _credentials is not null)
            throw new BadInputException($"registry {Registry}: the token service {realmUri.GetLeftPart(UriPartial.Path)} is plain HTTP; credentials are only sent over HTTPS (or with --insecure-registry)");
        var scopes = request.Scopes.Count > 0 ? request.Scopes : (challenge["scope"]?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []);
        var query = new StringBuilder();
        if (challenge["service"] is { } service) query.Append("service=").Append(Uri.EscapeDataString(service));
        foreach (var s in scopes)
            query.Append(query.Length > 0 ? "&" : "").Append("scope=").Append(Uri.EscapeDataString(s));
        var tokenUri = new UriBuilder(realmUri) { Query = (realmUri.Query.TrimStart('?') is { Length: > 0 } q ? q + "&" : "") + query }.Uri;
        using var message = new HttpRequestMessage(HttpMethod.Get, tokenUri);
        if (_credentials is not null) message.Headers.Authorization = BasicHeader(_credentials);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ResponseTimeout);
        using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        var describe = $"token service {realmUri.GetLeftPart(UriPartial.Path)}";
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            throw new BadInputException(_credentials is null
                ? $"registry {Registry}: {describe} refused anonymous access for {string.Join(' ', scopes)} (HTTP {(int)response.StatusCode}); give credentials"
                : $"registry {Registry}: {describe} refused the credentials of {_credentials} for {string.Join(' ', scopes)} (HTTP {(int)response.StatusCode})");
        if ((int)response.StatusCode is 429 or >= 500)
            throw new HttpRequestException($"{describe}: HTTP {(int)response.StatusCode}", null, response.StatusCode);
        if (!response.IsSuccessStatusCode)
            throw new ExternalToolException($"registry {Registry}", $"{describe}: HTTP {(int)response.StatusCode}");
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(body);
            var token = (doc.RootElement.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null)
                ?? (doc.RootElement.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null);
            if (string.IsNullOrEmpty(token))
                throw new ExternalToolException($"registry {Registry}", $"{describe}: the answer holds no token");
            return new AuthenticationHeaderValue("Bearer", token);
        }
        catch (JsonException)
        {
            throw new ExternalToolException($"registry {Registry}", $"{describe}: the answer is not JSON");
        }
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredentials c) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{c.Username}:{c.Password}")));

    private string CredentialHint() => _credentials is null ? " (no credentials given)" : "";

    private static string ScopeKey(IReadOnlyList<string> scopes) => string.Join(' ', scopes);

    /// <summary>The wait the registry asked for (<c>Retry-After</c>), or the doubling back-off after the
    /// <paramref name="attempt"/>th (1-based) failed attempt.</summary>
    private TimeSpan Delay(TimeSpan? retryAfter, int attempt) =>
        retryAfter ?? TimeSpan.FromTicks(_options.BaseDelay.Ticks * (1L << Math.Min(attempt - 1, 10)));
}
