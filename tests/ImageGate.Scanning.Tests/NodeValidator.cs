using ImageGate.Testing;

namespace ImageGate.Scanning.Tests;

/// <summary>Runs tests/node/sbom/validate.mjs (ajv with the official schemas from npm packages).</summary>
internal static class NodeValidator
{
    public static void AssertValid(string kind, string file)
    {
        var dir = Path.Combine(Repository.Root, "tests", "node", "sbom");
        if (!Directory.Exists(Path.Combine(dir, "node_modules")))
            throw new InvalidOperationException($"npm packages missing in {dir}: run ./build.sh (npm ci)");
        var r = ExternalProcess.Run("node", ["validate.mjs", kind, file], workingDirectory: dir, timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0 && r.StandardOutput.Trim() == "valid", $"{kind} schema validation failed:\n{r.StandardOutput}\n{r.StandardError}");
    }
}
