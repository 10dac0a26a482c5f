namespace ImageGate.Testing.Sites;

/// <summary>EGI's own site client, atrope 2.1.0, run as a site runs it: its code (from its source archive in
/// ../shared/atrope, or IMAGEGATE_ATROPE_DIR, with oras-py 0.2.41) unpacked into a test folder and run by Debian's python3
/// (which sees the python3-* packages atrope needs), with its <c>noop</c> dispatcher, a local cache and state folder.
/// Missing python3, tar or an archive fails the test (never skips).</summary>
public sealed class AtropeRunner
{
    /// <summary>Debian's python3, which sees the python3-* packages atrope needs (not a pyenv or venv one earlier on PATH).</summary>
    public const string DebianPython = "/usr/bin/python3";

    private static readonly string[] Archives = ["atrope-2.1.0.tar.gz", "oras-py-0.2.41.tar.gz"];

    private readonly TempDirectory _temp;
    private readonly string _src;

    private AtropeRunner(TempDirectory temp, string src)
    {
        _temp = temp;
        _src = src;
    }

    /// <summary>Unpacks atrope and oras-py into <paramref name="temp"/>/src; atrope's configuration, cache and state go
    /// into <paramref name="temp"/> too.</summary>
    public static AtropeRunner Unpack(TempDirectory temp)
    {
        if (!File.Exists(DebianPython)) throw new InvalidOperationException($"{DebianPython} is not installed: run ./build.sh (it installs python3 and atrope's python3-* packages)");
        ExternalProcess.Require("tar");
        var archives = Repository.Shared("IMAGEGATE_ATROPE_DIR", "atrope");
        var src = temp.Combine("src");
        Directory.CreateDirectory(src);
        foreach (var archive in Archives)
        {
            var path = Path.Combine(archives, archive);
            if (!File.Exists(path)) throw new InvalidOperationException($"{path} is missing (set IMAGEGATE_ATROPE_DIR)");
            var r = ExternalProcess.Run("tar", ["-xzf", path, "-C", src]);
            if (r.ExitCode != 0) throw new InvalidOperationException($"tar -xzf {path}: {r.StandardError}");
        }
        return new AtropeRunner(temp, src);
    }

    /// <summary>atrope's image cache.</summary>
    public string Cache => _temp.Combine("cache");

    /// <summary>The folder where atrope caches the images of the image source <paramref name="source"/>.</summary>
    public string CachedImages(string source) => Path.Combine(Cache, source, "images");

    /// <summary>Writes the image sources (<c>sources.yaml</c>, <paramref name="sourcesYaml"/>) and <c>atrope.conf</c>:
    /// state and cache in the test folder, the noop dispatcher, and <paramref name="caPath"/> (the CA folder that
    /// HEPiX list signatures are checked against) when given.</summary>
    public void Configure(string sourcesYaml, string? caPath = null)
    {
        File.WriteAllText(_temp.Combine("sources.yaml"), sourcesYaml);
        Directory.CreateDirectory(_temp.Combine("state"));
        var ca = caPath is null ? "" : $"ca_path = {caPath}\n";
        File.WriteAllText(_temp.Combine("atrope.conf"), $"""
            [DEFAULT]
            state_path = {_temp.Combine("state")}
            {ca}[sources]
            image_sources = {_temp.Combine("sources.yaml")}
            [cache]
            path = {Cache}
            [dispatchers]
            dispatcher = noop
            """);
    }

    /// <summary>Runs <c>atrope COMMAND</c> with the configuration <see cref="Configure"/> wrote (three minutes at most, or
    /// <paramref name="timeout"/>); <paramref name="caBundle"/> is the CA file its HTTPS requests trust (REQUESTS_CA_BUNDLE).</summary>
    public ProcessResult Run(string[] command, TimeSpan? timeout = null, string? caBundle = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["PYTHONPATH"] = $"{Path.Combine(_src, "atrope-2.1.0")}:{Path.Combine(_src, "oras-py-0.2.41")}",
            ["PBR_VERSION"] = "2.1.0",
            ["HOME"] = _temp.Path,
            ["TZ"] = "UTC",
        };
        if (caBundle is not null) environment["REQUESTS_CA_BUNDLE"] = caBundle;
        return ExternalProcess.Run(DebianPython, ["-c", "from atrope.cmd.cli import main; main()", "--config-file", _temp.Combine("atrope.conf"), .. command],
            workingDirectory: _temp.Path, timeout: timeout ?? TimeSpan.FromMinutes(3), environment: environment);
    }
}
