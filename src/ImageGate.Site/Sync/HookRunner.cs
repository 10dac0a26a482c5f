using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ImageGate.Site.Sync;

/// <summary>Runs the site's hook command (<c>/bin/sh -c HOOK</c>) for one event, with the image's metadata in
/// <c>IMAGEGATE_…</c> environment variables and a time limit.</summary>
internal static class HookRunner
{
    public static IReadOnlyDictionary<string, string> Variables(SyncEventKind kind, CachedImage entry, string? fullPath, long listVersion, string cache)
    {
        var image = entry.Image;
        var vars = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["IMAGEGATE_EVENT"] = kind.ToString().ToLowerInvariant(),
            ["IMAGEGATE_REASON"] = entry.Reason ?? "",
            ["IMAGEGATE_IMAGE_IDENTIFIER"] = image.Identifier,
            ["IMAGEGATE_IMAGE_NAME"] = image.Name,
            ["IMAGEGATE_IMAGE_VERSION"] = image.Version,
            ["IMAGEGATE_IMAGE_SHA256"] = image.Sha256 ?? "",
            ["IMAGEGATE_IMAGE_SHA512"] = image.Sha512,
            ["IMAGEGATE_IMAGE_SIZE"] = image.Size.ToString(CultureInfo.InvariantCulture),
            ["IMAGEGATE_IMAGE_FORMAT"] = image.Format,
            ["IMAGEGATE_IMAGE_OS"] = image.Os ?? "",
            ["IMAGEGATE_IMAGE_ARCH"] = image.Arch ?? "",
            ["IMAGEGATE_IMAGE_URI"] = image.Uri ?? "",
            ["IMAGEGATE_IMAGE_PATH"] = fullPath ?? "",
            ["IMAGEGATE_LIST_VERSION"] = listVersion.ToString(CultureInfo.InvariantCulture),
            ["IMAGEGATE_CACHE"] = cache,
        };
        return vars;
    }

    /// <summary>Runs the hook; returns null on success, else why it failed (exit code and the end of its output).</summary>
    public static async Task<string?> RunAsync(string hook, IReadOnlyDictionary<string, string> variables,
        IReadOnlyDictionary<string, string>? baseEnvironment, string workingDirectory, TimeSpan timeout, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(hook);
        if (baseEnvironment is not null)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in baseEnvironment) psi.Environment[k] = v;
        }
        foreach (var (k, v) in variables) psi.Environment[k] = v;
        using var process = new Process { StartInfo = psi };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"cannot start /bin/sh: {ex.Message}";
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            ct.ThrowIfCancellationRequested();
            return $"hook did not finish within {timeout.TotalSeconds:0.#} s and was killed";
        }
        if (process.ExitCode == 0) return null;
        string tail;
        lock (output) tail = output.ToString().Trim();
        if (tail.Length > 500) tail = "…" + tail[^500..];
        return $"hook exited with {process.ExitCode}" + (tail.Length > 0 ? $": {tail}" : "");
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null) return;
        lock (output)
        {
            if (output.Length < 64 * 1024) output.AppendLine(line);
        }
    }
}
