using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImageGate.Testing.Sites;

/// <summary>How the server answers one path, with faults to inject.</summary>
public sealed class Route
{
    public required byte[] Body { get; set; }

    /// <summary>The first N requests get HTTP 500.</summary>
    public int FailWith500 { get; set; }

    /// <summary>The first N requests get HTTP 429 with <c>Retry-After: 1</c>.</summary>
    public int TooManyRequests { get; set; }

    /// <summary>The first N body responses stop after <see cref="CutAfter"/> bytes (a clean close: truncation).</summary>
    public int Truncate { get; set; }

    /// <summary>The first N body responses stop after <see cref="CutAfter"/> bytes with a TCP reset.</summary>
    public int Reset { get; set; }

    public int CutAfter { get; set; } = 100 * 1024;

    /// <summary>Delay between 1 KiB chunks.</summary>
    public TimeSpan ChunkDelay { get; set; }

    public bool SupportsRange { get; set; } = true;
}

/// <summary>A tiny HTTP/1.1 server on 127.0.0.1 (one request per connection) serving routes, honouring
/// <c>Range: bytes=N-</c>, and injecting faults: 500s, truncated bodies, connection resets, slow bodies.</summary>
public sealed class TinyHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, Route> _routes = new(StringComparer.Ordinal);

    public TinyHttpServer()
    {
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string BaseUrl { get; }

    /// <summary>Every request: (path, Range header or null).</summary>
    public ConcurrentQueue<(string Path, string? Range)> Requests { get; } = new();

    public Route Serve(string path, byte[] body)
    {
        var route = new Route { Body = body };
        _routes[path] = route;
        return route;
    }

    public Route this[string path] => _routes[path];

    public int CountRequests(string path) => Requests.Count(r => r.Path == path);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            if (head is null) return;
            var lines = head.Split("\r\n");
            var parts = lines[0].Split(' ');
            var path = parts.Length > 1 ? parts[1] : "/";
            string? range = lines.Skip(1).Where(l => l.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))
                .Select(l => l[6..].Trim()).FirstOrDefault();
            Requests.Enqueue((path, range));
            if (!_routes.TryGetValue(path, out var route))
            {
                await WriteHeadAsync(stream, "404 Not Found", 0, null);
                return;
            }
            bool fail500, truncate, reset, slowDown;
            lock (route)
            {
                slowDown = route.TooManyRequests > 0 && route.TooManyRequests-- > 0;
                fail500 = route.FailWith500 > 0 && route.FailWith500-- > 0;
                truncate = !fail500 && route.Truncate > 0 && route.Truncate-- > 0;
                reset = !fail500 && !truncate && route.Reset > 0 && route.Reset-- > 0;
            }
            if (slowDown)
            {
                await WriteHeadAsync(stream, "429 Too Many Requests", 0, "Retry-After: 1");
                return;
            }
            if (fail500)
            {
                await WriteHeadAsync(stream, "500 Internal Server Error", 0, null);
                return;
            }
            long start = 0;
            if (range is not null && route.SupportsRange && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
                start = long.Parse(range[6..^1], CultureInfo.InvariantCulture);
            if (start > route.Body.Length)
            {
                await WriteHeadAsync(stream, "416 Range Not Satisfiable", 0, $"Content-Range: bytes */{route.Body.Length}");
                return;
            }
            var length = route.Body.Length - start;
            if (start > 0)
                await WriteHeadAsync(stream, "206 Partial Content", length, $"Content-Range: bytes {start}-{route.Body.Length - 1}/{route.Body.Length}");
            else
                await WriteHeadAsync(stream, "200 OK", length, "Accept-Ranges: bytes");
            var limit = truncate || reset ? Math.Min(length, route.CutAfter) : length;
            var sent = 0L;
            while (sent < limit)
            {
                var n = (int)Math.Min(route.ChunkDelay > TimeSpan.Zero ? 1024 : 64 * 1024, limit - sent);
                await stream.WriteAsync(route.Body.AsMemory((int)(start + sent), n), _stop.Token);
                sent += n;
                if (route.ChunkDelay > TimeSpan.Zero)
                    await Task.Delay(route.ChunkDelay, _stop.Token);
            }
            await stream.FlushAsync();
            if (reset)
                client.Client.LingerState = new LingerOption(true, 0); // close with RST
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new byte[16 * 1024];
        var have = 0;
        while (have < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(have));
            if (n == 0) return null;
            have += n;
            var text = Encoding.ASCII.GetString(buffer, 0, have);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0) return text[..end];
        }
        return null;
    }

    private static async Task WriteHeadAsync(NetworkStream stream, string status, long length, string? extra)
    {
        var head = $"HTTP/1.1 {status}\r\nContent-Length: {length}\r\nConnection: close\r\n{(extra is null ? "" : extra + "\r\n")}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
