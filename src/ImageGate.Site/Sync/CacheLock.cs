using ImageGate.Core.Errors;

namespace ImageGate.Site.Sync;

/// <summary>Keeps two syncs of one cache apart: an exclusive lock on <c>sync.lock</c> (a <see cref="FileShare.None"/>
/// open, which .NET implements with <c>flock</c> on Linux), released when the process ends even if it crashes.</summary>
internal sealed class CacheLock : IDisposable
{
    private readonly FileStream _stream;

    private CacheLock(FileStream stream) => _stream = stream;

    public const string FileName = "sync.lock";

    public static async Task<CacheLock> AcquireAsync(string cache, TimeSpan wait, TimeProvider time, CancellationToken ct)
    {
        var path = Path.Combine(cache, FileName);
        var start = time.GetTimestamp();
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                stream.SetLength(0);
                var pid = System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
                stream.Write(pid);
                stream.Flush();
                return new CacheLock(stream);
            }
            catch (IOException) when (time.GetElapsedTime(start) < wait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new ExternalToolException("site sync",
                    $"another sync holds the lock {path}; gave up after {wait.TotalSeconds:0.#} s (raise --lock-wait to wait longer)", ex);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}
