using System.Buffers;
using System.Collections.Concurrent;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace ImageGate.Core.IO;

/// <summary>The one file-digest helper: SHA-256 and SHA-512 of a file (an image, an artifact) in one streaming read.
/// The file is read through a memory map, a window at a time (so the digests read the page cache without copying it,
/// and no more than a few windows are mapped at once); where it cannot be mapped, in large blocks with positional
/// reads. On Linux the holes of a sparse file (found with <c>lseek(SEEK_DATA/SEEK_HOLE)</c>) are hashed as zeros
/// without reading them, so a 10 GB sparse image holding 1 GB costs the hashing of 10 GB but the reading of only 1 GB.
/// When both digests are wanted, each runs on its own dedicated thread (not a thread-pool work item that could queue
/// behind other work): SHA-512, the slower one, maps each window and hands it on to SHA-256, so both hash the same
/// bytes and the whole costs about one SHA-512 when a core is free.
/// I/O errors (a missing or unreadable file) reach the caller as they are; callers name the file in their own terms.</summary>
public static class FileDigests
{
    private const int BufferSize = 4 << 20;
    /// <summary>Bytes mapped at once per window: small, because the pages of a mapped window count in the process's
    /// resident set until it is unmapped (the 10 GB sparse image's scan stays under 300 MB).</summary>
    private const int WindowSize = 4 << 20;
    /// <summary>Windows SHA-512 may run ahead of SHA-256 (with the two being hashed, at most 5 windows are mapped).</summary>
    private const int Ahead = 3;
    private const int SeekData = 3;
    private const int SeekHole = 4;
    private const int ENXIO = 6;
    private static readonly byte[] Zeros = new byte[BufferSize];

    /// <summary>Reads the file once and returns its size and both digests (lower-case hex).</summary>
    public static Task<FileDigest> ComputeAsync(string path, CancellationToken cancellationToken)
        => HashBothAsync(path, cancellationToken);

    /// <summary>The file's SHA-256 alone (lower-case hex), for callers that need no SHA-512.</summary>
    public static Task<string> Sha256Async(string path, CancellationToken cancellationToken) =>
        Dedicated(() => Sha256(path, cancellationToken), cancellationToken);

    /// <summary>The file's SHA-512 alone (lower-case hex), for callers that need no SHA-256.</summary>
    public static Task<string> Sha512Async(string path, CancellationToken cancellationToken) =>
        Dedicated(() => Convert.ToHexStringLower(HashOne(path, HashAlgorithmName.SHA512, cancellationToken)), cancellationToken);

    /// <summary>The file's SHA-256 (lower-case hex), read on the calling thread.</summary>
    public static string Sha256(string path, CancellationToken cancellationToken = default) =>
        Convert.ToHexStringLower(Sha256Bytes(path, cancellationToken));

    /// <summary>The file's SHA-256 as 32 bytes, read on the calling thread.</summary>
    public static byte[] Sha256Bytes(string path, CancellationToken cancellationToken = default) =>
        HashOne(path, HashAlgorithmName.SHA256, cancellationToken);

    /// <summary>The SHA-256 (lower-case hex) of the file open as <paramref name="handle"/>, read on the calling thread
    /// (for callers that must hash exactly the file they opened, e.g. to compare its status before and after).</summary>
    public static string Sha256(SafeFileHandle handle, CancellationToken cancellationToken = default)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var piece in Pieces(handle, cancellationToken))
            using (piece)
                sha256.AppendData(piece.Bytes);
        return Convert.ToHexStringLower(sha256.GetHashAndReset());
    }

    private static byte[] HashOne(string path, HashAlgorithmName algorithm, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        using var handle = Open(path);
        foreach (var piece in Pieces(handle, cancellationToken))
            using (piece)
                hash.AppendData(piece.Bytes);
        return hash.GetHashAndReset();
    }

    private static SafeFileHandle Open(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);

    /// <summary>Runs <paramref name="work"/> on a thread of its own, started now.</summary>
    private static Task<T> Dedicated<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>SHA-512 on one dedicated thread, which reads (maps) the file and passes each piece on to SHA-256 on
    /// another; both hash the same bytes.</summary>
    private static async Task<FileDigest> HashBothAsync(string path, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var handed = new BlockingCollection<Piece>(Ahead);
        var fast = Dedicated(() =>
        {
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            try
            {
                foreach (var piece in handed.GetConsumingEnumerable(stop.Token))
                    using (piece)
                        sha256.AppendData(piece.Bytes);
                return sha256.GetHashAndReset();
            }
            catch
            {
                stop.Cancel(); // the reader must not wait for room that never comes
                throw;
            }
        }, CancellationToken.None);
        var slow = Dedicated(() =>
        {
            using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
            long size = 0;
            try
            {
                using var handle = Open(path);
                foreach (var piece in Pieces(handle, stop.Token))
                {
                    try { sha512.AppendData(piece.Bytes); }
                    catch { piece.Dispose(); throw; }
                    size += piece.Bytes.Length;
                    handed.Add(piece, stop.Token);
                }
            }
            catch
            {
                stop.Cancel();
                throw;
            }
            finally
            {
                handed.CompleteAdding();
            }
            return (size, sha512.GetHashAndReset());
        }, CancellationToken.None);
        try
        {
            await Task.WhenAll(fast, slow).ConfigureAwait(false);
        }
        catch
        {
            // Pieces left behind by a failure: unmap them.
            while (handed.TryTake(out var left)) left.Dispose();
            // The first real failure, not the cancellation it caused in the other thread.
            var failed = new Task[] { slow, fast }.FirstOrDefault(t => t.IsFaulted && t.Exception!.InnerException is not OperationCanceledException);
            if (failed is not null && !cancellationToken.IsCancellationRequested) await failed.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
        var (length, sha512Bytes) = await slow.ConfigureAwait(false);
        return new FileDigest(length, Convert.ToHexStringLower(await fast.ConfigureAwait(false)), Convert.ToHexStringLower(sha512Bytes));
    }

    /// <summary>The file's bytes in order, as pieces to hash and then dispose: runs of zeros for holes, mapped windows
    /// for data (or, when the file cannot be mapped, blocks read into pooled buffers).</summary>
    private static IEnumerable<Piece> Pieces(SafeFileHandle handle, CancellationToken cancellationToken)
    {
        var length = RandomAccess.GetLength(handle);
        if (length == 0) yield break;
        MemoryMappedFile? map = null;
        try
        {
            try { map = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException) { map = null; }
            var holes = new HoleFinder(handle, length);
            long pos = 0;
            while (pos < length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var data = holes.NextData(pos);
                if (data > pos)
                {
                    for (var left = data - pos; left > 0; left -= Math.Min(left, BufferSize))
                        yield return new Piece(Zeros.AsMemory(0, (int)Math.Min(left, BufferSize)), null);
                    pos = data;
                    continue;
                }
                var end = holes.NextHole(pos);
                while (pos < end)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (map is not null)
                    {
                        var n = (int)Math.Min(WindowSize, end - pos);
                        var window = new MappedWindow(map, pos, n);
                        yield return new Piece(window.Memory, window);
                        pos += n;
                    }
                    else
                    {
                        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
                        int n;
                        try { n = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(BufferSize, end - pos)), pos); }
                        catch { ArrayPool<byte>.Shared.Return(buffer); throw; }
                        if (n <= 0) { ArrayPool<byte>.Shared.Return(buffer); yield break; } // the file shrank while being read
                        yield return new Piece(buffer.AsMemory(0, n), new Pooled(buffer));
                        pos += n;
                    }
                }
            }
        }
        finally
        {
            map?.Dispose();
        }
    }

    /// <summary>Bytes to hash and what to release once they are hashed.</summary>
    private readonly record struct Piece(ReadOnlyMemory<byte> Memory, IDisposable? Owner) : IDisposable
    {
        public ReadOnlySpan<byte> Bytes => Memory.Span;
        public void Dispose() => Owner?.Dispose();
    }

    private sealed class Pooled(byte[] buffer) : IDisposable
    {
        public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>One read-only view of the file, unmapped on dispose.</summary>
    private sealed unsafe class MappedWindow : MemoryManager<byte>
    {
        private readonly MemoryMappedViewAccessor _view;
        private readonly byte* _start;
        private readonly int _length;
        private bool _released;

        public MappedWindow(MemoryMappedFile map, long offset, int length)
        {
            _view = map.CreateViewAccessor(offset, length, MemoryMappedFileAccess.Read);
            byte* p = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            _start = p + _view.PointerOffset;
            _length = length;
        }

        public override Span<byte> GetSpan() => new(_start, _length);
        public override MemoryHandle Pin(int elementIndex = 0) => new(_start + elementIndex);
        public override void Unpin() { }

        protected override void Dispose(bool disposing)
        {
            if (_released) return;
            _released = true;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }
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
