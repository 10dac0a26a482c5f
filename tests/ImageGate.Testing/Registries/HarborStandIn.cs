using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImageGate.Testing.Registries;

/// <summary>A stand-in for the two Harbor REST endpoints EGI's atrope lists a project with
/// (<c>GET /api/v2.0/projects/{p}/repositories</c> and <c>…/repositories/{r}/artifacts?with_tag=true</c>, paged with
/// <c>page</c>/<c>page_size</c> and <c>Link: rel="next"</c>), answered from a <see cref="LocalRegistry"/>'s catalog,
/// tags and manifests, in front of which it also forwards <c>GET</c>/<c>HEAD /v2/…</c> (as Harbor's own front does).
/// HTTPS on 127.0.0.1 with a throwaway CA (<see cref="CaBundlePath"/>: give it to Python as <c>REQUESTS_CA_BUNDLE</c>),
/// Basic auth with a robot account on the API. Harbor itself cannot be installed here.</summary>
public sealed partial class HarborStandIn : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("imagegate-harbor");
    private readonly LocalRegistry _registry;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };
    private readonly WebApplication _app;

    /// <summary>Starts the stand-in for <paramref name="project"/> (the repositories <c>PROJECT/…</c>) of <paramref name="registry"/>.</summary>
    public HarborStandIn(LocalRegistry registry, string project)
    {
        _registry = registry;
        Project = project;
        Port = LocalRegistry.FreePort();
        var certificate = CreateCertificates(out var caPem);
        File.WriteAllText(CaBundlePath, caPem);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port, l => l.UseHttps(certificate)));
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            try
            {
                await next(context);
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException or IOException)
            {
                Requests.Enqueue($"  failed: {ex.GetType().Name}: {ex.Message}");
                throw;
            }
        });
        _app.MapGet("/api/v2.0/projects/{project}/repositories", (HttpContext c, string project) => RepositoriesAsync(c, project));
        _app.MapGet("/api/v2.0/projects/{project}/repositories/{repository}/artifacts", (HttpContext c, string project, string repository) => ArtifactsAsync(c, project, repository));
        _app.MapMethods("/v2/{**rest}", ["GET", "HEAD"], (HttpContext c, string? rest) => ForwardAsync(c, rest ?? ""));
        _app.StartAsync().GetAwaiter().GetResult();
    }

    /// <summary>The Harbor project.</summary>
    public string Project { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>: the registry host atrope pulls from.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary><c>https://127.0.0.1:PORT/api/v2.0</c>.</summary>
    public string ApiUrl => $"https://{Host}/api/v2.0";

    /// <summary>The robot account's name (Harbor's <c>robot$PROJECT+NAME</c> form).</summary>
    public string Username => $"robot${Project}+atrope";

    /// <summary>The robot account's secret.</summary>
    public string Password { get; } = "robot-" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The PEM file of the CA that issued the server certificate.</summary>
    public string CaBundlePath => _dir.Combine("ca.pem");

    /// <summary>Every request received, as <c>METHOD PATH?QUERY</c>.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    private bool Authorized(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        return string.Equals(context.Request.Headers.Authorization.ToString(), expected, StringComparison.Ordinal);
    }

    private async Task RepositoriesAsync(HttpContext context, string project)
    {
        if (!Authorized(context)) { context.Response.StatusCode = 401; return; }
        if (project != Project) { context.Response.StatusCode = 404; return; }
        var catalog = await GetJsonAsync("v2/_catalog?n=1000", context.RequestAborted);
        var names = catalog?["repositories"]?.AsArray().Select(n => (string)n!).Where(n => n.StartsWith(Project + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList() ?? [];
        var items = names.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["project_id"] = 1 }).ToList();
        await WritePageAsync(context, items);
    }

    private async Task ArtifactsAsync(HttpContext context, string project, string repository)
    {
        if (!Authorized(context)) { context.Response.StatusCode = 401; return; }
        var name = $"{project}/{Uri.UnescapeDataString(repository)}";
        if (project != Project) { context.Response.StatusCode = 404; return; }
        var tags = (await GetJsonAsync($"v2/{name}/tags/list", context.RequestAborted))?["tags"]?.AsArray().Select(t => (string)t!).ToList() ?? [];
        var byDigest = new Dictionary<string, (string MediaType, List<string> Tags)>(StringComparer.Ordinal);
        foreach (var tag in tags.Order(StringComparer.Ordinal))
        {
            // Harbor keeps referrers as accessories of their subject, never as sha256-HEX tags.
            if (ReferrersTag().IsMatch(tag)) continue;
            using var head = new HttpRequestMessage(HttpMethod.Head, $"http://{_registry.Host}/v2/{name}/manifests/{tag}");
            head.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
            head.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
            head.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
            using var r = await _http.SendAsync(head, context.RequestAborted);
            if (!r.IsSuccessStatusCode || !r.Headers.TryGetValues("Docker-Content-Digest", out var digests)) continue;
            var digest = digests.First();
            if (!byDigest.TryGetValue(digest, out var entry))
                byDigest[digest] = entry = (r.Content.Headers.ContentType?.MediaType ?? "", []);
            entry.Tags.Add(tag);
        }
        var items = byDigest.Select(kv => (JsonNode)new JsonObject
        {
            ["digest"] = kv.Key,
            ["manifest_media_type"] = kv.Value.MediaType,
            ["media_type"] = kv.Value.MediaType,
            ["repository_name"] = name,
            ["type"] = "IMAGE",
            ["tags"] = new JsonArray(kv.Value.Tags.Select(t => (JsonNode)new JsonObject { ["name"] = t, ["repository_id"] = 1 }).ToArray()),
        }).ToList();
        await WritePageAsync(context, items);
    }

    /// <summary>One page (<c>page</c>, <c>page_size</c>, as Harbor) and a <c>Link: &lt;…&gt;; rel="next"</c> header when more follow.</summary>
    private static async Task WritePageAsync(HttpContext context, List<JsonNode> items)
    {
        var page = int.TryParse(context.Request.Query["page"], out var p) && p > 0 ? p : 1;
        var size = int.TryParse(context.Request.Query["page_size"], out var s) && s > 0 ? s : 10;
        var slice = items.Skip((page - 1) * size).Take(size).Select(i => i.DeepClone()).ToArray();
        if (page * size < items.Count)
        {
            var query = context.Request.Query.Where(q => q.Key is not ("page" or "page_size")).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}")
                .Append($"page={page + 1}").Append($"page_size={size}");
            context.Response.Headers.Link = $"<{context.Request.Path}?{string.Join('&', query)}>; rel=\"next\"";
        }
        context.Response.Headers["X-Total-Count"] = items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonArray(slice).ToJsonString(), context.RequestAborted);
    }

    private async Task<JsonNode?> GetJsonAsync(string path, CancellationToken ct)
    {
        using var r = await _http.GetAsync($"http://{_registry.Host}/{path}", ct);
        if (r.StatusCode == HttpStatusCode.NotFound) return null;
        r.EnsureSuccessStatusCode();
        return JsonNode.Parse(await r.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Forwards a read of the distribution API to the registry, streaming the answer.</summary>
    private async Task ForwardAsync(HttpContext context, string rest)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"http://{_registry.Host}/v2/{rest}{context.Request.QueryString}");
        foreach (var header in new[] { "Accept", "Range" })
            if (context.Request.Headers.TryGetValue(header, out var values))
                request.Headers.TryAddWithoutValidation(header, (IEnumerable<string?>)values);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (key, values) in response.Headers.Concat(response.Content.Headers))
            if (key is not ("Transfer-Encoding" or "Connection"))
                context.Response.Headers[key] = values.ToArray();
        if (context.Request.Method == "HEAD") return;
        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>A throwaway CA and a server certificate it issued for 127.0.0.1 and localhost.</summary>
    private static X509Certificate2 CreateCertificates(out string caPem)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=ImageGate test Harbor CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddDays(2), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        caPem = ca.ExportCertificatePem() + "\n";
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    [GeneratedRegex("^sha256-[0-9a-f]{64}$")]
    private static partial Regex ReferrersTag();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
        _dir.Dispose();
    }
}
