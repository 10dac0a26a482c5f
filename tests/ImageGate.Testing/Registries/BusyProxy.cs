using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImageGate.Testing.Registries;

/// <summary>A TCP forwarder on 127.0.0.1 to a local server that answers the first <c>busy</c> connections itself
/// with <c>503 Service Unavailable</c> and <c>Retry-After</c> (an overloaded registry), then forwards.</summary>
public sealed class BusyProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private readonly int _retryAfterSeconds;
    private int _busy;
    private int _answered;

    /// <summary>Starts forwarding to <paramref name="targetPort"/> after <paramref name="busy"/> 503 answers.</summary>
    public BusyProxy(int targetPort, int busy, int retryAfterSeconds = 1)
    {
        _targetPort = targetPort;
        _busy = busy;
        _retryAfterSeconds = retryAfterSeconds;
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    /// <summary><c>127.0.0.1:PORT</c> of the proxy.</summary>
    public string Host => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>How many 503 answers it gave.</summary>
    public int Answered503 => Volatile.Read(ref _answered);

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            try
            {
                if (Interlocked.Decrement(ref _busy) >= 0)
                {
                    var buffer = new byte[8192];
                    _ = await stream.ReadAsync(buffer, _stop.Token);
                    Interlocked.Increment(ref _answered);
                    var answer = $"HTTP/1.1 503 Service Unavailable\r\nRetry-After: {_retryAfterSeconds}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
                    await stream.FlushAsync(_stop.Token);
                    return;
                }
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var up = upstream.GetStream();
                await Task.WhenAny(stream.CopyToAsync(up, _stop.Token), up.CopyToAsync(stream, _stop.Token));
            }
            catch (Exception) { }
        }
    }
}
