
namespace ImageGate.Testing.Sigstore;

/// <summary>The sigstore-conformance bundle-verify cases (SIGSTORE_CONFORMANCE_DIR, else ../shared/sigstore-conformance).</summary>
public static class ConformanceSuite
{
    public const string DefaultIdentity =
        "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
    public const string DefaultIssuer = "https://token.actions.githubusercontent.com";
    public const int ExpectedCases = 70;

    /// <summary>The folder holding bundle-verify/ (a missing folder fails the test).</summary>
    public static string Directory
    {
        get
        {
            var dir = Repository.Shared("SIGSTORE_CONFORMANCE_DIR", "sigstore-conformance");
            if (!System.IO.Directory.Exists(Path.Combine(dir, "bundle-verify")))
                throw new InvalidOperationException($"{dir} has no bundle-verify folder (set SIGSTORE_CONFORMANCE_DIR)");
            return dir;
        }
    }

    public static string CasesDirectory => Path.Combine(Directory, "bundle-verify");

    public static IReadOnlyList<string> CaseNames() =>
        System.IO.Directory.GetDirectories(CasesDirectory)
            .Where(d => File.Exists(Path.Combine(d, "bundle.sigstore.json")))
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>A case's own trusted_root.json, or null: then, as in the suite, no --trusted-root is passed and the
    /// client's production (public-good) root applies, here ImageGate's embedded copy.</summary>
    public static string? TrustedRoot(string caseDir)
    {
        var own = Path.Combine(caseDir, "trusted_root.json");
        return File.Exists(own) ? own : null;
    }

    /// <summary>The suite's command line for one case.</summary>
    public static string[] Arguments(string name, bool digest = false)
    {
        var dir = Path.Combine(CasesDirectory, name);
        var args = new List<string> { "verify-bundle", "--bundle", Path.Combine(dir, "bundle.sigstore.json") };
        var key = Path.Combine(dir, "key.pub");
        if (File.Exists(key)) args.AddRange(["--key", key]);
        else
        {
            args.AddRange(["--certificate-identity", Read(dir, "identity") ?? DefaultIdentity]);
            args.AddRange(["--certificate-oidc-issuer", Read(dir, "issuer") ?? DefaultIssuer]);
        }
        if (TrustedRoot(dir) is { } root) args.AddRange(["--trusted-root", root]);
        var artifact = File.Exists(Path.Combine(dir, "artifact")) ? Path.Combine(dir, "artifact") : Path.Combine(CasesDirectory, "a.txt");
        args.Add(digest
            ? "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(artifact)))
            : artifact);
        return [.. args];
    }

    private static string? Read(string dir, string name)
    {
        var path = Path.Combine(dir, name);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }
}
