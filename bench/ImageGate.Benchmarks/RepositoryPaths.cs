namespace ImageGate.Benchmarks;

/// <summary>Finds the repository (the folder holding ImageGate.sln) and its test data from wherever BenchmarkDotNet
/// runs the generated benchmark process; IMAGEGATE_REPO overrides.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            if (Environment.GetEnvironmentVariable("IMAGEGATE_REPO") is { Length: > 0 } env) return env;
            foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                    if (File.Exists(Path.Combine(dir.FullName, "ImageGate.sln"))) return dir.FullName;
            }
            throw new InvalidOperationException("cannot find the repository (ImageGate.sln) above " + AppContext.BaseDirectory + "; set IMAGEGATE_REPO");
        }
    }

    /// <summary>A fixture image under artifacts/fixtures (bash tests/fixtures/build-fixtures.sh builds them).</summary>
    public static string Fixture(string name)
    {
        var path = Path.Combine(Root, "artifacts", "fixtures", name);
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new InvalidOperationException($"fixture {path} is missing: run bash tests/fixtures/build-fixtures.sh");
        return path;
    }

    /// <summary>The sigstore-conformance suite (SIGSTORE_CONFORMANCE_DIR, else ../shared/sigstore-conformance).</summary>
    public static string Conformance
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("SIGSTORE_CONFORMANCE_DIR") is { Length: > 0 } env
                ? env
                : Path.GetFullPath(Path.Combine(Root, "..", "shared", "sigstore-conformance"));
            if (!Directory.Exists(Path.Combine(dir, "bundle-verify")))
                throw new InvalidOperationException($"{dir} has no bundle-verify folder (set SIGSTORE_CONFORMANCE_DIR)");
            return dir;
        }
    }
}
