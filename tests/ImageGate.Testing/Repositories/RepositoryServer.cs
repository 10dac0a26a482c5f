using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ImageGate.Testing.Repositories;

/// <summary>A static HTTP server on 127.0.0.1 (random port) serving a folder laid out as a repository (apt, yum, TUF),
/// which a test may switch between requests, with per-path overrides (tampered files), failures and a log of the
/// paths asked for; 404 for anything else.</summary>
public sealed class RepositoryServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private volatile string _root;
    private readonly Task _loop;

    public RepositoryServer(string root)
    {
        _root = Path.GetFullPath(root);
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary>The folder served (switch it to serve another repository).</summary>
    public string Root { get => _root; set => _root = Path.GetFullPath(value); }

    /// <summary>The server's URL, ending in a slash.</summary>
    public Uri Url => new($"{BaseUrl}/");

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Bytes served instead of the file at a path (e.g. <c>/debian-security/dists/…/InRelease</c>).</summary>
    public ConcurrentDictionary<string, byte[]> Overrides { get; } = new();

    /// <summary>Paths that answer 500 this many more times before being served.</summary>
    public ConcurrentDictionary<string, int> Failures { get; } = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => Serve(ctx));
        }
    }

    private void Serve(HttpListenerContext ctx)
    {
        try
        {
            var path = Uri.UnescapeDataString(ctx.Request.Url!.AbsolutePath);
            Requests.Enqueue(path);
            if (Failures.TryGetValue(path, out var n) && n > 0)
            {
                Failures[path] = n - 1;
                ctx.Response.StatusCode = 500;
                ctx.Response.Close();
                return;
            }
            byte[]? body = null;
            if (Overrides.TryGetValue(path, out var o)) body = o;
            else
            {
                var root = _root;
                var file = Path.GetFullPath(Path.Combine(root, path.TrimStart('/')));
                if (file.StartsWith(root + "/", StringComparison.Ordinal) && File.Exists(file)) body = File.ReadAllBytes(file);
            }
            if (body is null)
            {
                ctx.Response.StatusCode = 404;
                ctx.Response.Close();
                return;
            }
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentLength64 = body.Length;
            ctx.Response.OutputStream.Write(body);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        try { _listener.Stop(); } catch (ObjectDisposedException) { }
        // The managed HttpListener can throw "Address already in use" while unregistering its port when another
        // listener of the test run has reused that port in between; the socket is closed either way.
        try { _listener.Close(); } catch (HttpListenerException) { }
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
