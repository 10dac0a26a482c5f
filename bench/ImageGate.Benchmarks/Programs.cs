using System.Diagnostics;

namespace ImageGate.Benchmarks;

/// <summary>Runs the real programs the benchmark setups need (git, gpg, openssl), arguments as a list, never through a shell.</summary>
public static class Programs
{
    /// <summary>Runs <paramref name="file"/> and returns its standard output; throws when it fails.</summary>
    public static string Run(string file, IEnumerable<string> arguments, string? directory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        if (directory is not null) start.WorkingDirectory = directory;
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({p.ExitCode}): {stderr.Result}");
        return stdout;
    }

    /// <summary>The environment for git commits made by a benchmark setup.</summary>
    public static IReadOnlyDictionary<string, string> GitEnvironment { get; } = new Dictionary<string, string>
    {
        ["GIT_AUTHOR_NAME"] = "ImageGate bench",
        ["GIT_AUTHOR_EMAIL"] = "bench@imagegate.invalid",
        ["GIT_COMMITTER_NAME"] = "ImageGate bench",
        ["GIT_COMMITTER_EMAIL"] = "bench@imagegate.invalid",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
    };
}
