using System.Text.Json;

namespace ImageGate.Testing.Sigstore;

/// <summary>Signed TUF repositories written by tests/node/tuf/make-repos.js with @tufjs/models (independently of
/// ImageGate's client): <c>good</c> (root 1 → 2 rotation with new keys, timestamp v5, snapshot v3, targets v2,
/// consistent snapshots, <c>trusted_root.json</c> target) and one folder per defect; written once per test class. The target is the custom
/// trusted root of the conformance case <c>intoto-with-custom-trust-root</c>.</summary>
public sealed class TufTestRepositories : IDisposable
{
    private readonly TempDirectory _dir = new("imagegate-tuf-repos");

    public TufTestRepositories()
    {
        ExternalProcess.Require("node");
        TrustedRootFile = Path.Combine(ConformanceCase, "trusted_root.json");
        if (!File.Exists(TrustedRootFile)) throw new InvalidOperationException($"{TrustedRootFile} is missing");
        var result = ExternalProcess.Run("node", ["make-repos.js", _dir.Path, TrustedRootFile], NodeFolder, timeout: TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0) throw new InvalidOperationException("make-repos.js failed: " + result.StandardError);
        using var doc = JsonDocument.Parse(result.StandardOutput);
        Scenarios = doc.RootElement.GetProperty("scenarios").EnumerateArray().Select(e => e.GetString()!).ToList();
        TargetSha256 = doc.RootElement.GetProperty("targetSha256").GetString()!;
    }

    public static string NodeFolder
    {
        get
        {
            var dir = Path.Combine(Repository.Root, "tests", "node", "tuf");
            if (!Directory.Exists(Path.Combine(dir, "node_modules", "@tufjs", "models")))
                throw new InvalidOperationException($"{dir}/node_modules is missing: run ./build.sh (it runs npm ci in tests/node/*)");
            return dir;
        }
    }

    public static string ConformanceCase =>
        Path.Combine(Repository.Shared("SIGSTORE_CONFORMANCE_DIR", "sigstore-conformance"), "bundle-verify", "intoto-with-custom-trust-root");

    public IReadOnlyList<string> Scenarios { get; }

    public string TrustedRootFile { get; }

    public string TargetSha256 { get; }

    /// <summary>The client's first root (<c>1.root.json</c>).</summary>
    public string InitialRoot => _dir.Combine("initial-root.json");

    public string Scenario(string name) =>
        Scenarios.Contains(name) ? _dir.Combine(name) : throw new ArgumentException($"no TUF scenario '{name}'", nameof(name));

    public void Dispose() => _dir.Dispose();
}
