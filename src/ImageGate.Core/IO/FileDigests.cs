using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace ImageGate.Core.IO;

/// <summary>The one file-digest helper: SHA-256 and SHA-512 of a file (an image, an artifact) in one streaming read.
/// On Linux the holes of a sparse file (found with <c>lseek(SEEK_DATA/SEEK_HOLE)</c>) are hashed as zeros without
/// reading them, so a 10 GB sparse image holding 1 GB costs the hashing of 10 GB but the reading of only 1 GB.
/// The file is read in large blocks; when both digests are wanted, SHA-512 (the slower one) runs on its own thread over
/// the same blocks while the reading thread does SHA-256, so the whole costs about one SHA-512 when a core is free.
/// I/O errors (a missing or unreadable file) reach the caller as they are; callers name the file in their own terms.</summary>
public static class FileDigests
{
    private const int BufferSize = 4 << 20;
    private const int Blocks = 4;
    private const int SeekData = 3;
    private const int SeekHole = 4;
    private const int ENXIO = 6;
    private static readonly byte[] Zeros = new byte[BufferSize];

    /// <summary>Reads the file once and returns its size and both digests (lower-case hex).</summary>
    public static Task<FileDigest> ComputeAsync(string path, CancellationToken cancellationToken) =>
        Dedicated(() =>
        {
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            var size = HashBoth(path, sha256, sha512, cancellationToken);
            return new FileDigest(size, Convert.ToHexStringLower(sha256.GetHashAndReset()), Convert.ToHexStringLower(sha512.GetHashAndReset()));
        }, cancellationToken);

    /// <summary>The file's SHA-256 alone (lower-case hex), for callers that need no SHA-512.</summary>
    public static Task<string> Sha256Async(string path, CancellationToken cancellationToken) =>
        Dedicated(() => Sha256(path, cancellationToken), cancellationToken);

    /// <summary>The file's SHA-512 alone (lower-case hex), for callers that need no SHA-256.</summary>
    public static Task<string> Sha512Async(string path, CancellationToken cancellationToken) =>
        Dedicated(() =>
        {
            using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            Hash(path, sha512, null, cancellationToken);
            return Convert.ToHexStringLower(sha512.GetHashAndReset());
        }, cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a thread of its own, started now (not a thread-pool work item that
    /// could queue behind other work: a scan's digests are its longest path).</summary>
    private static Task<T> Dedicated<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The file's SHA-256 (lower-case hex), read on the calling thread.</summary>
    public static string Sha256(string path, CancellationToken cancellationToken = default) =>
        Convert.ToHexStringLower(Sha256Bytes(path, cancellationToken));

    /// <summary>The file's SHA-256 as 32 bytes, read on the calling thread.</summary>
    public static byte[] Sha256Bytes(string path, CancellationToken cancellationToken = default)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Hash(path, sha256, null, cancellationToken);
        return sha256.GetHashAndReset();
    }

    /// <summary>The SHA-256 (lower-case hex) of the file open as <paramref name="handle"/>, read on the calling thread
    /// (for callers that must hash exactly the file they opened, e.g. to compare its status before and after).</summary>
    public static string Sha256(SafeFileHandle handle, CancellationToken cancellationToken = default)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Hash(handle, sha256, null, cancellationToken);
        return Convert.ToHexStringLower(sha256.GetHashAndReset());
    }

    /// <summary>Feeds the file to <paramref name="first"/> (and <paramref name="second"/>) and returns the bytes hashed.</summary>
    private static long Hash(string path, IncrementalHash first, IncrementalHash? second, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        return Hash(handle, first, second, cancellationToken);
    }

    private static long Hash(SafeFileHandle handle, IncrementalHash first, IncrementalHash? second, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var length = RandomAccess.GetLength(handle);
            var holes = new HoleFinder(handle, length);
            long pos = 0;
            while (pos < length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var data = holes.NextData(pos);
                if (data > pos)
                {
                    for (var left = data - pos; left > 0; left -= Math.Min(left, BufferSize))
                    {
                        var n = (int)Math.Min(left, BufferSize);
                        first.AppendData(Zeros, 0, n);
                        second?.AppendData(Zeros, 0, n);
                    }
                    pos = data;
                    continue;
                }
                var end = holes.NextHole(pos);
                while (pos < end)
                {
                    var n = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(BufferSize, end - pos)), pos);
                    if (n <= 0) return pos; // the file shrank while being read
                    first.AppendData(buffer, 0, n);
                    second?.AppendData(buffer, 0, n);
                    pos += n;
                }
            }
            return pos;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Feeds the file to <paramref name="sha256"/> on this thread and to <paramref name="sha512"/> on its own
    /// thread over the same blocks; returns the bytes hashed.</summary>
    private static long HashBoth(string path, IncrementalHash sha256, IncrementalHash sha512, CancellationToken cancellationToken)
    {
        long pos = 0;
        var shrank = false;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Blocks go round: free -> read and SHA-256 here -> full -> SHA-512 on its own thread -> free.
        using var free = new BlockingCollection<byte[]>(Blocks);
        using var full = new BlockingCollection<(byte[] Block, int Count)>(Blocks);
        for (var i = 0; i < Blocks; i++) free.Add(new byte[BufferSize]);
        var slow = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var (block, count) in full.GetConsumingEnumerable(stop.Token))
                {
                    sha512.AppendData(block, 0, count);
                    if (!ReferenceEquals(block, Zeros)) free.Add(block, stop.Token);
                }
            }
            catch
            {
                stop.Cancel(); // the reader must not wait for a block that never comes back
                throw;
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            var length = RandomAccess.GetLength(handle);
            var holes = new HoleFinder(handle, length);
            while (pos < length && !shrank)
            {
                stop.Token.ThrowIfCancellationRequested();
                var data = holes.NextData(pos);
                if (data > pos)
                {
                    for (var left = data - pos; left > 0; left -= Math.Min(left, BufferSize))
                    {
                        var n = (int)Math.Min(left, BufferSize);
                        sha256.AppendData(Zeros, 0, n);
                        full.Add((Zeros, n), stop.Token);
                    }
                    pos = data;
                    continue;
                }
                var end = holes.NextHole(pos);
                while (pos < end)
                {
                    var block = free.Take(stop.Token);
                    var n = RandomAccess.Read(handle, block.AsSpan(0, (int)Math.Min(BufferSize, end - pos)), pos);
                    if (n <= 0) { shrank = true; break; } // the file shrank while being read
                    sha256.AppendData(block, 0, n);
                    full.Add((block, n), stop.Token);
                    pos += n;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stopped by the SHA-512 thread: its failure is the one to report.
            full.CompleteAdding();
            try { slow.Wait(CancellationToken.None); }
            catch (AggregateException e) when (e.InnerException is { } inner && inner is not OperationCanceledException)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
            }
            throw;
        }
        finally
        {
            full.CompleteAdding();
            // Wait for SHA-512 to finish with the blocks (or to stop) before they and the hashes go away.
            try { slow.Wait(CancellationToken.None); }
            catch (AggregateException) when (stop.IsCancellationRequested) { }
        }
        slow.GetAwaiter().GetResult();
        return pos;
    }

    /// <summary>Data and hole boundaries of a file; without SEEK_DATA support everything is data.</summary>
    private sealed class HoleFinder(SafeFileHandle handle, long length)
    {
        private bool _supported = OperatingSystem.IsLinux();

        /// <summary>The first data offset at or after <paramref name="pos"/> (the file length when only a hole follows).</summary>
        public long NextData(long pos)
        {
            if (!_supported) return pos;
            var (r, error) = Seek(pos, SeekData);
            if (r >= 0) return Math.Min(r, length);
            if (_supported && error == ENXIO) return length;
            _supported = false;
            return pos;
        }

        /// <summary>The end of the data run starting at <paramref name="pos"/>.</summary>
        public long NextHole(long pos)
        {
            if (!_supported) return length;
            var (r, _) = Seek(pos, SeekHole);
            if (r > pos) return Math.Min(r, length);
            _supported = false;
            return length;
        }

        private (long Result, int Error) Seek(long offset, int whence)
        {
            var added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                var r = LSeek((int)handle.DangerousGetHandle(), offset, whence);
                return (r, r < 0 ? Marshal.GetLastPInvokeError() : 0);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                _supported = false;
                return (-1, 0);
            }
            finally
            {
                if (added) handle.DangerousRelease();
            }
        }
    }

    [DllImport("libc", EntryPoint = "lseek", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern long LSeek(int fd, long offset, int whence);
}
