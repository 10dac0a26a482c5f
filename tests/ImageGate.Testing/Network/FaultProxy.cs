using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImageGate.Testing.Network;

/// <summary>A TCP forwarder on 127.0.0.1 to a local server that injects one kind of fault into its first
/// connections, then forwards: a connection reset as soon as a request arrives (<see cref="DroppingRequests"/>),
/// a <c>503 Service Unavailable</c> with <c>Retry-After</c> (<see cref="AnsweringBusy"/>), or an answer reset after
/// a number of bytes (<see cref="CuttingAnswers"/>, a server that drops the connection mid-body).</summary>
public sealed class FaultProxy : IDisposable
{
    private enum Fault { Drop, Busy, Cut }

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private readonly Fault _fault;
    private readonly long _parameter;
    private int _remaining;
    private int _faults;

    private FaultProxy(int targetPort, Fault fault, int times, long parameter)
    {
        _targetPort = targetPort;
        _fault = fault;
        _remaining = times;
        _parameter = parameter;
        _listener.Start();
        _ = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Resets the first <paramref name="times"/> connections as soon as a request arrives.</summary>
    public static FaultProxy DroppingRequests(int targetPort, int times) => new(targetPort, Fault.Drop, times, 0);

    /// <summary>Answers the first <paramref name="times"/> connections itself with 503 and <c>Retry-After</c>
    /// (an overloaded server); <c>int.MaxValue</c> stays busy.</summary>
    public static FaultProxy AnsweringBusy(int targetPort, int times, int retryAfterSeconds = 1) => new(targetPort, Fault.Busy, times, retryAfterSeconds);

    /// <summary>Resets the first <paramref name="times"/> connections whose answer grows beyond
    /// <paramref name="afterBytes"/>, there; <c>int.MaxValue</c> cuts every large answer.</summary>
    public static FaultProxy CuttingAnswers(int targetPort, long afterBytes, int times) => new(targetPort, Fault.Cut, times, afterBytes);

    /// <summary><c>127.0.0.1:PORT</c> of the proxy.</summary>
    public string Host => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary><c>http://127.0.0.1:PORT</c> of the proxy.</summary>
    public string Url => "http://" + Host;

    /// <summary>How many connections got the fault.</summary>
    public int Faults => Volatile.Read(ref _faults);

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

    private bool TakeFault() => Interlocked.Decrement(ref _remaining) >= 0;

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            var down = client.GetStream();
            try
            {
                if (_fault != Fault.Cut && TakeFault())
                {
                    var buffer = new byte[8192];
                    try { _ = await down.ReadAsync(buffer, _stop.Token); } catch (IOException) { }
                    Interlocked.Increment(ref _faults);
                    if (_fault == Fault.Drop)
                    {
                        Reset(client);
                        return;
                    }
                    var answer = $"HTTP/1.1 503 Service Unavailable\r\nRetry-After: {_parameter}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                    await down.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
                    await down.FlushAsync(_stop.Token);
                    return;
                }
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var up = upstream.GetStream();
                var toServer = down.CopyToAsync(up, _stop.Token);
                var toClient = _fault == Fault.Cut ? CopyCuttingAsync(up, down, client) : up.CopyToAsync(down, _stop.Token);
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
            if (sent + n > _parameter && TakeFault())
            {
                var part = (int)Math.Max(0, _parameter - sent);
                await to.WriteAsync(buffer.AsMemory(0, part), _stop.Token);
                await to.FlushAsync(_stop.Token);
                Interlocked.Increment(ref _faults);
                Reset(client);
                return;
            }
            await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            sent += n;
        }
    }

    private static void Reset(TcpClient client)
    {
        client.Client.LingerState = new LingerOption(true, 0); // RST, not FIN
        client.Client.Close();
    }
}
