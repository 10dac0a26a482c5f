using System.Net;
using System.Text.Json;
using ImageGate.Testing.Registries;

namespace ImageGate.Distribution.Tests.Client;

/// <summary>A front on 127.0.0.1 for a real <see cref="LocalRegistry"/> that pages the tag list as the OCI
/// distribution spec 1.1 says (<c>GET /v2/NAME/tags/list?n=N&amp;last=TAG</c>: at most N tags, lexically after
/// <c>last</c>, and <c>Link: &lt;…&gt;; rel="next"</c> while more remain), as distribution 3, GHCR and Harbor do;
/// Debian's distribution 2.8 ignores <c>n</c> and answers every tag at once. The tags themselves are the
/// registry's own list; every other request is forwarded unchanged.</summary>
internal sealed class TagPagingFront : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _registry;
    private readonly List<string> _pages = [];
    private readonly string? _linkAuthority;

    /// <summary>A front for <paramref name="registry"/>; <paramref name="linkAuthority"/> (e.g. <c>other.example</c>)
    /// makes the next-page links absolute URLs on that host.</summary>
    public TagPagingFront(LocalRegistry registry, string? linkAuthority = null)
    {
        _registry = new HttpClient { BaseAddress = new Uri($"http://{registry.Host}/") };
        _linkAuthority = linkAuthority;
        for (var attempt = 0; ; attempt++)
        {
            Port = LocalRegistry.FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try { _listener.Start(); break; }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _ = Task.Run(ServeAsync);
    }

    /// <summary>The port.</summary>
    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>The query strings of the tag-list pages served, in order.</summary>
    public IReadOnlyList<string> Pages
    {
        get { lock (_pages) return [.. _pages]; }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Close();
        _registry.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try
            {
                await HandleAsync(context);
            }
            catch (Exception e) when (e is HttpListenerException or HttpRequestException or IOException)
            {
                context.Response.Abort();
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url!.AbsolutePath;
        if (request.HttpMethod == "GET" && path.StartsWith("/v2/", StringComparison.Ordinal) && path.EndsWith("/tags/list", StringComparison.Ordinal))
        {
            lock (_pages) _pages.Add(request.Url.Query);
            using var all = await _registry.GetAsync(path.TrimStart('/'));
            if (all.StatusCode != HttpStatusCode.OK)
            {
                await ForwardAnswerAsync(all, context.Response);
                return;
            }
            using var doc = JsonDocument.Parse(await all.Content.ReadAsByteArrayAsync());
            var name = doc.RootElement.GetProperty("name").GetString()!;
            var tags = doc.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal).ToList();
            var n = int.TryParse(request.QueryString["n"], out var size) && size > 0 ? size : int.MaxValue;
            var last = request.QueryString["last"];
            var after = last is null ? tags : tags.Where(t => string.CompareOrdinal(t, last) > 0).ToList();
            var page = after.Take(n).ToList();
            if (after.Count > page.Count)
            {
                var next = $"/v2/{name}/tags/list?n={n}&last={Uri.EscapeDataString(page[^1])}";
                context.Response.AddHeader("Link", $"<{(_linkAuthority is null ? "" : "http://" + _linkAuthority)}{next}>; rel=\"next\"");
            }
            var body = JsonSerializer.SerializeToUtf8Bytes(new { name, tags = page });
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
            return;
        }
        using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), request.Url.PathAndQuery.TrimStart('/'));
        if (request.HasEntityBody)
        {
            var buffer = new MemoryStream();
            await request.InputStream.CopyToAsync(buffer);
            forward.Content = new ByteArrayContent(buffer.ToArray());
            if (request.ContentType is { } type) forward.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        foreach (var key in request.Headers.AllKeys)
            if (key is "Accept" or "Authorization") forward.Headers.TryAddWithoutValidation(key, request.Headers[key]);
        using var answer = await _registry.SendAsync(forward);
        await ForwardAnswerAsync(answer, context.Response);
    }

    private static async Task ForwardAnswerAsync(HttpResponseMessage answer, HttpListenerResponse response)
    {
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (key, values) in answer.Headers.Concat(answer.Content.Headers))
            if (key is not ("Content-Length" or "Transfer-Encoding" or "Connection"))
                foreach (var v in values) response.AddHeader(key, v);
        var body = await answer.Content.ReadAsByteArrayAsync();
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body);
        response.Close();
    }
}
