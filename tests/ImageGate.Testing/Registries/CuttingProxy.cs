using System.Net;
using System.Net.Sockets;

namespace ImageGate.Testing.Registries;

/// <summary>A TCP forwarder on 127.0.0.1 to a local server that, for the first <c>cuts</c> connections whose
/// answer grows beyond <c>cutAfterBytes</c>, resets the connection there (a registry that drops the connection
/// mid-blob). With <c>cuts</c> = int.MaxValue every large answer is cut.</summary>
public sealed class CuttingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private readonly long _cutAfterBytes;
    private int _cuts;
    private int _done;

    /// <summary>Starts forwarding to <paramref name="targetPort"/>.</summary>
    public CuttingProxy(int targetPort, long cutAfterBytes, int cuts)
    {
        _targetPort = targetPort;
        _cutAfterBytes = cutAfterBytes;
        _cuts = cuts;
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    /// <summary><c>127.0.0.1:PORT</c> of the proxy.</summary>
    public string Host => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>How many connections it cut.</summary>
    public int Cut => Volatile.Read(ref _done);

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
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var down = client.GetStream();
                var up = upstream.GetStream();
                var toServer = down.CopyToAsync(up, _stop.Token);
                var toClient = CopyCuttingAsync(up, down, client);
                await Task.WhenAny(toServer, toClient);
            }
            catch (Exception) { }
        }
    }

    private async Task CopyCuttingAsync(Stream from, Stream to, TcpClient client)
    {
        var buffer = new byte[65536];
        long sent = 0;
        int n;
        while ((n = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (sent + n > _cutAfterBytes && Interlocked.Decrement(ref _cuts) >= 0)
            {
                var part = (int)Math.Max(0, _cutAfterBytes - sent);
                await to.WriteAsync(buffer.AsMemory(0, part), _stop.Token);
                await to.FlushAsync(_stop.Token);
                Interlocked.Increment(ref _done);
                client.Client.LingerState = new LingerOption(true, 0); // RST, not FIN
                client.Client.Close();
                return;
            }
            await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            sent += n;
        }
    }
}
