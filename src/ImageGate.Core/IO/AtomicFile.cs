using System.Text;

namespace ImageGate.Core.IO;

/// <summary>The one atomic write: readers see the old content or the new, never a mix or a truncated file. The
/// content goes to a hidden temporary file in the target's folder (<c>.NAME.GUID.tmp</c>), is flushed to disk, and
/// is renamed over the target; on any failure (including cancellation) the temporary file is deleted and the target
/// is left as it was. The target's folder must exist.</summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var temp = TempFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically.</summary>
    public static Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteAsync(path, (stream, ct) => stream.WriteAsync(content, ct).AsTask(), cancellationToken);

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    public static Task WriteTextAsync(string path, string text, CancellationToken cancellationToken = default) =>
        WriteAsync(path, Utf8.GetBytes(text), cancellationToken);

    /// <summary>Copies the file <paramref name="source"/> to <paramref name="path"/> atomically.</summary>
    public static Task CopyAsync(string source, string path, CancellationToken cancellationToken = default) =>
        WriteAsync(path, async (stream, ct) =>
        {
            await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await input.CopyToAsync(stream, ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>Lets <paramref name="write"/> fill the temporary file (it may seek, truncate and throw: a throw leaves
    /// nothing behind), then flushes it to disk and renames it over <paramref name="path"/>.</summary>
    public static Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default) =>
        WriteAsync(path, write, ".tmp", cancellationToken);

    /// <summary>As <see cref="WriteAsync(string, Func{Stream, CancellationToken, Task}, CancellationToken)"/>, with
    /// <paramref name="tempSuffix"/> ending the temporary file's name (e.g. <c>.part</c> for a download that a cache's
    /// clean-up recognises after a crash).</summary>
    public static Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, string tempSuffix, CancellationToken cancellationToken = default) =>
        WriteAsync(path, write, tempSuffix, durable: true, cancellationToken);

    /// <summary>As <see cref="WriteAsync(string, Func{Stream, CancellationToken, Task}, string, CancellationToken)"/>;
    /// with <paramref name="durable"/> false the temporary file is renamed over <paramref name="path"/> without being
    /// flushed to disk first (as curl, skopeo and oras write a fetched file): readers still see the old content or the
    /// whole new one, never a mix, but after a power loss or kernel crash the file may be empty or short. For caller-
    /// requested one-off fetches; anything others rely on after a crash (a site's image cache, state) stays durable.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, string tempSuffix, bool durable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temp = TempFor(path, tempSuffix);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (durable) stream.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>A new temporary file name beside <paramref name="path"/>.</summary>
    private static string TempFor(string path, string suffix = ".tmp")
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}{suffix}");
    }
}
