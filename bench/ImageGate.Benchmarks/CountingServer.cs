using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ImageGate.Benchmarks;

/// <summary>A static HTTP server on 127.0.0.1 serving a folder and counting the requests per path (404 for anything
/// else): the benchmarks' real repository server.</summary>
public sealed class CountingServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _loop;

    /// <summary>Serves <paramref name="root"/> on a free port.</summary>
    public CountingServer(string root)
    {
        _root = Path.GetFullPath(root);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The server's URL, without a trailing slash.</summary>
    public string BaseUrl { get; }

    /// <summary>Requests per path since the last <see cref="Reset"/>.</summary>
    public ConcurrentDictionary<string, int> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>Forgets the counted requests.</summary>
    public void Reset() => Requests.Clear();

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
            Requests.AddOrUpdate(path, 1, (_, n) => n + 1);
            var file = Path.GetFullPath(Path.Combine(_root, path.TrimStart('/')));
            if (!file.StartsWith(_root + "/", StringComparison.Ordinal) || !File.Exists(file))
            {
                ctx.Response.StatusCode = 404;
                ctx.Response.Close();
                return;
            }
            var body = File.ReadAllBytes(file);
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentLength64 = body.Length;
            ctx.Response.OutputStream.Write(body);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Stops the server.</summary>
    public void Dispose()
    {
        try { _listener.Stop(); } catch (ObjectDisposedException) { }
        try { _listener.Close(); } catch (HttpListenerException) { }
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
