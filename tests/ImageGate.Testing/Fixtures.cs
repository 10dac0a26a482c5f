namespace ImageGate.Testing;

/// <summary>The test disk images built by tests/fixtures/build-fixtures.sh (./build.sh fixtures).
/// A missing fixture is a test failure, never a skip.</summary>
public static class Fixtures
{
    private static readonly Lazy<string> Dir = new(Locate);

    /// <summary>The folder holding the fixtures (IMAGEGATE_FIXTURES, else artifacts/fixtures of the repository).</summary>
    public static string Directory => Dir.Value;

    /// <summary>The full path of a fixture file or folder; fails the test when it is missing.</summary>
    public static string Path(string name)
    {
        var path = System.IO.Path.Combine(Directory, name);
        if (!File.Exists(path) && !System.IO.Directory.Exists(path))
            throw new InvalidOperationException($"fixture '{name}' is missing from {Directory}: run ./build.sh fixtures");
        return path;
    }

    /// <summary>The planted items: (path inside the image, expected rule id).</summary>
    public static IReadOnlyList<(string Path, string RuleId)> Planted() =>
        File.ReadAllLines(Path("planted.tsv"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .Select(p => (p[0], p[1]))
            .ToList();

    private static string Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("IMAGEGATE_FIXTURES");
        var dir = !string.IsNullOrEmpty(fromEnv) ? fromEnv : System.IO.Path.Combine(Repository.Root, "artifacts", "fixtures");
        if (!File.Exists(System.IO.Path.Combine(dir, ".complete")))
            throw new InvalidOperationException($"test fixtures are missing or incomplete at {dir}: run ./build.sh fixtures");
        return dir;
    }
}
