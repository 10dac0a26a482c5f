using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ImageGate.Testing.Registries;

/// <summary>The CNCF distribution registry (Debian's <c>docker-registry</c> 2.8) on 127.0.0.1 with a free port,
/// file storage in a temp folder and deletion enabled; anonymous, Basic (htpasswd, bcrypt) or token auth (with a
/// <see cref="TestTokenIssuer"/>). Fails, never skips, when docker-registry or htpasswd is missing. Its access log
/// is kept so tests can count requests.</summary>
public sealed class LocalRegistry : IDisposable
{
    private readonly TempDirectory _dir = new("imagegate-registry");
    private readonly Process _process;
    private readonly List<string> _log = [];

    private LocalRegistry(RegistryAuthMode mode)
    {
        ExternalProcess.Require("docker-registry");
        Mode = mode;
        Port = FreePort();
        var storage = _dir.Combine("storage");
        Directory.CreateDirectory(storage);
        var auth = "";
        if (mode == RegistryAuthMode.Basic)
        {
            ExternalProcess.Require("htpasswd");
            var h = ExternalProcess.Run("htpasswd", ["-Bbn", Username, Password]);
            if (h.ExitCode != 0) throw new InvalidOperationException($"htpasswd failed: {h.StandardError}");
            File.WriteAllText(_dir.Combine("htpasswd"), h.StandardOutput.Trim() + "\n");
            auth = $"auth:\n  htpasswd:\n    realm: imagegate-test\n    path: {_dir.Combine("htpasswd")}\n";
        }
        else if (mode == RegistryAuthMode.Token)
        {
            Issuer = new TestTokenIssuer(Username, Password, "imagegate-test-registry", "imagegate-test-issuer");
            File.WriteAllText(_dir.Combine("issuer.pem"), Issuer.CertificatePem);
            auth = $"auth:\n  token:\n    realm: {Issuer.Realm}\n    service: {Issuer.Service}\n    issuer: {Issuer.Issuer}\n    rootcertbundle: {_dir.Combine("issuer.pem")}\n";
        }
        var config = $"""
            version: 0.1
            log:
              level: info
              formatter: text
              accesslog:
                disabled: false
            storage:
              filesystem:
                rootdirectory: {storage}
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{Port}
              secret: imagegate-test-secret
            """ + "\n" + auth;
        File.WriteAllText(_dir.Combine("config.yml"), config);
        var psi = new ProcessStartInfo("docker-registry")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add(_dir.Combine("config.yml"));
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start docker-registry");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilReady();
    }

    /// <summary>The user name accepted in Basic and token mode.</summary>
    public string Username { get; } = "imagegate";

    /// <summary>The password accepted in Basic and token mode.</summary>
    public string Password { get; } = "s3cret-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The auth mode.</summary>
    public RegistryAuthMode Mode { get; }

    /// <summary>The port.</summary>
    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>The token issuer in token mode, else null.</summary>
    public TestTokenIssuer? Issuer { get; }

    /// <summary>The registry's storage folder (<c>docker/registry/v2/…</c>).</summary>
    public string StorageDirectory => _dir.Combine("storage");

    /// <summary>Starts a registry in <paramref name="mode"/> and waits until it answers.</summary>
    public static LocalRegistry Start(RegistryAuthMode mode = RegistryAuthMode.Anonymous) => new(mode);

    /// <summary>The access-log lines so far naming <paramref name="method"/> requests (e.g. <c>"PUT /v2/</c>).</summary>
    public IReadOnlyList<string> Requests(string method)
    {
        lock (_log)
            return _log.Where(l => l.Contains($"\"{method} /v2/", StringComparison.Ordinal)).ToList();
    }

    /// <summary>Everything the registry logged (for failure messages).</summary>
    public string Log
    {
        get { lock (_log) return string.Join('\n', _log); }
    }

    /// <summary>A free TCP port on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        Issuer?.Dispose();
        _dir.Dispose();
    }

    private void WaitUntilReady()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}:\n{Log}");
            try
            {
                using var r = http.GetAsync($"http://{Host}/v2/").GetAwaiter().GetResult();
                if (r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Thread.Sleep(100);
        }
        throw new InvalidOperationException($"docker-registry did not answer on {Host} within 20 s:\n{Log}");
    }
}
