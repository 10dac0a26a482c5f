using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using WireMock.Server;
using WireMock.Settings;
using ImageGate.GitHub;

namespace ImageGate.Testing.GitHub;

/// <summary>GitHub's REST API stubbed with WireMock.Net on 127.0.0.1, and a host configured with tiny retry waits.</summary>
public sealed class StubGitHub : IDisposable
{
    public const string Token = "ghs_testtoken0123456789";

    public StubGitHub()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"], StartAdminInterface = false });
        Url = $"http://127.0.0.1:{port}";
    }

    public WireMockServer Server { get; }

    public string Url { get; }

    public ConcurrentQueue<GitHubRetryEvent> Retries { get; } = new();

    public GitHubRetryOptions RetryOptions => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(10),
        DelayScale = 0.001,
        AttemptTimeout = TimeSpan.FromSeconds(90), // generous: a loaded CI machine must not turn a slow answer into an extra attempt
        TotalTimeout = TimeSpan.FromSeconds(180),
        OnRetry = Retries.Enqueue,
    };

    public GitHubRepositoryHost Host(GitHubRetryOptions? retry = null) =>
        new(new GitHubOptions("owner/list", Token, new Uri(Url + "/")) { Retry = retry ?? RetryOptions });

    public sealed record Seen(string Method, string Path, IDictionary<string, WireMock.Types.WireMockList<string>> Query, string? Body, byte[]? BodyBytes, IDictionary<string, WireMock.Types.WireMockList<string>> Headers);

    public IReadOnlyList<Seen> Requests => Server.LogEntries
        .Select(e => e.RequestMessage!)
        .OrderBy(m => m.DateTime)
        .Select(m => new Seen(m.Method, m.Path, m.Query ?? new Dictionary<string, WireMock.Types.WireMockList<string>>(), m.Body, m.BodyAsBytes,
            m.Headers ?? new Dictionary<string, WireMock.Types.WireMockList<string>>()))
        .ToList();

    public static string Describe(Seen e) => $"{e.Method} {e.Path}";

    public void Dispose() => Server.Stop();
}
