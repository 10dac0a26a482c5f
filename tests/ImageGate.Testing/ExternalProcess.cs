using System.Diagnostics;

namespace ImageGate.Testing;

/// <summary>The result of running a real program.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, byte[] RawOutput);

/// <summary>Runs real programs (7zz, debugfs, openssl, git …) from tests, with a deadline.</summary>
public static class ExternalProcess
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/>; fails when it cannot be started.</summary>
    public static ProcessResult Run(string program, IEnumerable<string> arguments, string? workingDirectory = null,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null, byte[]? input = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = new MemoryStream();
        var copyOut = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = p.StandardError.ReadToEndAsync();
        if (input is not null) p.StandardInput.BaseStream.Write(input);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in time");
        }
        copyOut.Wait();
        var raw = stdout.ToArray();
        return new ProcessResult(p.ExitCode, System.Text.Encoding.UTF8.GetString(raw), stderr.Result, raw);
    }

    /// <summary>True when <paramref name="program"/> is on PATH.</summary>
    public static bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, program)));

    /// <summary>Fails the test unless <paramref name="program"/> is on PATH (./build.sh installs it).</summary>
    public static void Require(string program)
    {
        if (!Exists(program))
            throw new InvalidOperationException($"'{program}' is not installed: run ./build.sh (it installs the test prerequisites)");
    }
}
