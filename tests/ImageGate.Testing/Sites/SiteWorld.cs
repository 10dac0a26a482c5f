using ImageGate.Lists.Reading;
using ImageGate.Site.Sources;
using ImageGate.Site.Sync;
using ImageGate.Site.Verification;
using ImageGate.Testing.Lists;
using Xunit;

namespace ImageGate.Testing.Sites;

/// <summary>A publisher (key, local HTTP server) and a site (cache folder) for sync tests.</summary>
public sealed class SiteWorld : IAsyncDisposable
{
    public TempDirectory Temp { get; } = new("imagegate-site");
    public TinyHttpServer Server { get; } = new();
    public ListSigner Signer { get; } = new();
    public ShiftedTime Time { get; } = new();
    public List<SyncEvent> Events { get; } = [];
    public List<string> Progress { get; } = [];
    private long _version;

    public string Cache => Temp.Combine("cache");
    public string ListUrl => Server.BaseUrl + "/endorsed-images.json";

    /// <summary>Serves the images and publishes a signed list of them with the next version; returns the list bytes.</summary>
    public byte[] Publish(IEnumerable<TestImage> images, TimeSpan? expiresIn = null, DateTimeOffset? created = null, long? version = null)
    {
        var now = DateTimeOffset.UtcNow;
        var entries = new List<SiteImage>();
        foreach (var image in images)
        {
            Server.Serve(image.UrlPath, image.Bytes);
            entries.Add(image.Entry(Server.BaseUrl));
        }
        var v = version ?? ++_version;
        var content = ListSigner.Compose(v, created ?? now.AddMinutes(-1), (created ?? now) + (expiresIn ?? TimeSpan.FromDays(28)), entries);
        ServeList(content, Signer.Sign(content));
        return content;
    }

    public void ServeList(byte[] content, string bundle)
    {
        Server.Serve("/endorsed-images.json", content);
        Server.Serve("/endorsed-images.json.sigstore.json", System.Text.Encoding.UTF8.GetBytes(bundle));
    }

    public SiteSyncOptions Options(string? cache = null) => new()
    {
        List = ListUrl,
        Signer = SignerIdentity.Key(Signer.PublicKeyPem),
        Cache = cache ?? Cache,
        WorkingDirectory = Temp.Path,
        LockWait = TimeSpan.Zero,
        Http = new SiteHttpOptions
        {
            MaxAttempts = 4,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
            IdleTimeout = TimeSpan.FromSeconds(5),
            ListDeadline = TimeSpan.FromSeconds(20),
            ImageDeadline = TimeSpan.FromSeconds(20),
        },
    };

    public SiteSync Sync() => new(new InterimKeyBundleVerifier(), Time)
    {
        OnEvent = e => { lock (Events) Events.Add(e); },
        OnProgress = p => { lock (Progress) Progress.Add(p); },
    };

    public Task<SyncResult> SyncAsync(SiteSyncOptions? options = null) =>
        Sync().RunAsync(options ?? Options(), TestContext.Current.CancellationToken);

    public string ImagePath(TestImage image) => Path.Combine(Cache, "images", $"{image.Name}@{image.Version}.{image.Format}");

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Signer.Dispose();
        Temp.Dispose();
    }
}
