using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ImageGate.Testing;

namespace ImageGate.Testing.Sigstore;

/// <summary>Local Fulcio, Rekor and TSA (@sigstore/mock behind tests/node/sigstore/mock-services.js) on 127.0.0.1,
/// with the matching trusted root and signing config written to a temp folder.</summary>
public sealed class MockSigstore : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _dir;

    private MockSigstore(Process process, TempDirectory dir, Uri url, string trustedRoot, string signingConfig)
    {
        _process = process;
        _dir = dir;
        Url = url;
        TrustedRootPath = trustedRoot;
        SigningConfigPath = signingConfig;
    }

    /// <summary>The base URL of all three services.</summary>
    public Uri Url { get; }

    /// <summary>The TSA endpoint.</summary>
    public Uri TsaUrl => new(Url, "/api/v1/timestamp");

    public string TrustedRootPath { get; }

    public string SigningConfigPath { get; }

    public static string NodeFolder
    {
        get
        {
            var dir = Path.Combine(Repository.Root, "tests", "node", "sigstore");
            if (!Directory.Exists(Path.Combine(dir, "node_modules", "@sigstore", "mock")))
                throw new InvalidOperationException($"{dir}/node_modules is missing: run ./build.sh (it runs npm ci in tests/node/*)");
            return dir;
        }
    }

    public static async Task<MockSigstore> StartAsync()
    {
        ExternalProcess.Require("node");
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = NodeFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("mock-services.js");
        psi.ArgumentList.Add("300");
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start node");
        var lineTask = process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(lineTask, Task.Delay(TimeSpan.FromSeconds(30))) != lineTask || lineTask.Result is null)
        {
            process.Kill(true);
            throw new InvalidOperationException("mock-services.js did not start: " + await process.StandardError.ReadToEndAsync());
        }
        using var doc = JsonDocument.Parse(lineTask.Result);
        var dir = new TempDirectory("imagegate-mock-sigstore");
        var root = dir.Combine("trusted_root.json");
        var config = dir.Combine("signing_config.json");
        await File.WriteAllTextAsync(root, doc.RootElement.GetProperty("trustedRoot").GetRawText());
        await File.WriteAllTextAsync(config, doc.RootElement.GetProperty("signingConfig").GetRawText());
        return new MockSigstore(process, dir, new Uri(doc.RootElement.GetProperty("url").GetString()!), root, config);
    }

    /// <summary>A GitHub-Actions-shaped identity token (unsigned: the mock does not check JWT signatures).</summary>
    /// <remarks>The mock Fulcio copies the claims into the certificate's GitHub extensions: <c>repository</c> into
    /// .1.12 (as https://github.com/…) and the legacy .1.5, <c>ref</c> into .1.14 and .1.6, <c>job_workflow_ref</c> into
    /// .1.9. <paramref name="repository"/> is the caller's repository when <paramref name="workflow"/> is a reusable
    /// workflow of another repository (default: the workflow's own repository).</remarks>
    public static string GitHubToken(string workflow = "org/repo/.github/workflows/release.yml@refs/heads/main",
        string issuer = "https://token.actions.githubusercontent.com", string? repository = null)
    {
        static string B64Url(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var repo = repository ?? string.Join('/', workflow.Split('/').Take(2));
        var payload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["sub"] = "https://github.com/" + workflow,
            ["aud"] = "sigstore",
            ["repository"] = repo,
            ["ref"] = "refs/heads/main",
            ["job_workflow_ref"] = workflow,
            ["event_name"] = "push",
            ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(),
        });
        return $"{B64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}")}.{B64Url(payload)}.{B64Url("not-a-signature")}";
    }

    public const string Identity = "https://github.com/org/repo/.github/workflows/release.yml@refs/heads/main";
    public const string Issuer = "https://token.actions.githubusercontent.com";

    /// <summary>Runs a node script of tests/node/sigstore with arguments.</summary>
    public static ProcessResult Node(params string[] args) => ExternalProcess.Run("node", args, NodeFolder, timeout: TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000)) _process.Kill(true);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        _dir.Dispose();
        await Task.CompletedTask;
    }
}
