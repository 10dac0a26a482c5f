using System.Net;
using System.Net.Sockets;

namespace ImageGate.GitHub.Tests;

/// <summary>A TCP forwarder on 127.0.0.1 that resets the first <c>drops</c> connections as soon as a request arrives
/// (a dropped connection mid-request), then forwards every later connection to the stub.</summary>
internal sealed class DroppingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private int _drops;

    public DroppingProxy(int targetPort, int drops)
    {
        _targetPort = targetPort;
        _drops = drops;
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Dropped { get; private set; }

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
            if (Interlocked.Decrement(ref _drops) >= 0)
            {
                var buffer = new byte[1024];
                try { _ = await stream.ReadAsync(buffer.AsMemory(), _stop.Token); } catch (Exception) { }
                Dropped++;
                client.Client.LingerState = new LingerOption(true, 0); // RST, not FIN
                client.Client.Close();
                return;
            }
            using var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var up = upstream.GetStream();
                var a = stream.CopyToAsync(up, _stop.Token);
                var b = up.CopyToAsync(stream, _stop.Token);
                await Task.WhenAny(a, b);
            }
            catch (Exception) { }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Dispose();
        _stop.Dispose();
    }
}
