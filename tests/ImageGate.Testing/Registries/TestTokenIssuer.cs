using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace ImageGate.Testing.Registries;

/// <summary>A token service for the registry's <c>auth.token</c> mode (the flow GHCR and Harbor use), on
/// 127.0.0.1: <c>GET /token?service=…&amp;scope=…</c> with optional Basic credentials answers a JWT signed (RS256)
/// with a test key. The JWT header carries <c>x5c</c> (the self-signed certificate), which distribution 2.8 checks
/// against its <c>rootcertbundle</c> (<see cref="CertificatePem"/>). Valid credentials get every action asked for;
/// anonymous requests get a token with no access (the registry then answers 401); wrong ones get 401.</summary>
public sealed class TestTokenIssuer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly string _username;
    private readonly string _password;
    private readonly Task _loop;
    private int _requests;

    /// <summary>Starts the issuer accepting <paramref name="username"/>/<paramref name="password"/>.</summary>
    public TestTokenIssuer(string username, string password, string service, string issuer)
    {
        _username = username;
        _password = password;
        Service = service;
        Issuer = issuer;
        var request = new CertificateRequest("CN=imagegate test token issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        CertificatePem = _certificate.ExportCertificatePem();
        for (var attempt = 0; ; attempt++)
        {
            Port = LocalRegistry.FreePort();
            try
            {
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5) { }
        }
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The realm URL for the registry configuration.</summary>
    public string Realm => $"http://127.0.0.1:{Port}/token";

    /// <summary>The service name (the token's audience).</summary>
    public string Service { get; }

    /// <summary>The issuer name.</summary>
    public string Issuer { get; }

    /// <summary>The signing certificate (PEM), the registry's <c>rootcertbundle</c>.</summary>
    public string CertificatePem { get; }

    /// <summary>How many token requests it answered.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <inheritdoc />
    public void Dispose()
    {
        try { _listener.Stop(); } catch (ObjectDisposedException) { }
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
        _certificate.Dispose();
        _key.Dispose();
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            try
            {
                Handle(context);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException)
            {
                // the client went away
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        var response = context.Response;
        string? user = null;
        var header = context.Request.Headers["Authorization"];
        if (header is not null)
        {
            var ok = false;
            if (header.StartsWith("Basic ", StringComparison.Ordinal))
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                ok = colon > 0 && decoded[..colon] == _username && decoded[(colon + 1)..] == _password;
                if (ok) user = _username;
            }
            if (!ok)
            {
                response.StatusCode = 401;
                response.Close();
                return;
            }
        }
        var query = context.Request.QueryString;
        var access = new JsonArray();
        if (user is not null)
            foreach (var scope in query.GetValues("scope") ?? [])
                foreach (var one in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var parts = one.Split(':');
                    if (parts.Length < 3) continue;
                    access.Add(new JsonObject
                    {
                        ["type"] = parts[0],
                        ["name"] = string.Join(':', parts[1..^1]),
                        ["actions"] = new JsonArray(parts[^1].Split(',').Select(a => (JsonNode)a).ToArray()),
                    });
                }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var jwtHeader = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "RS256",
            ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)),
        };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = user ?? "",
            ["aud"] = query["service"] ?? Service,
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = B64(Encoding.UTF8.GetBytes(jwtHeader.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var token = signingInput + "." + B64(signature);
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["token"] = token, ["access_token"] = token, ["expires_in"] = 300 }.ToJsonString());
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.OutputStream.Write(body);
        response.Close();
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
