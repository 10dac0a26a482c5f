using System.Collections.Concurrent;
using System.Security.Cryptography;
using ImageGate.Core.IO;
using Microsoft.Win32.SafeHandles;

namespace ImageGate.Distribution.Internal;

/// <summary>The far end of a blob download: a ring of buffers that the receiving loop fills while two threads of their
/// own write the filled ones into the file (positional writes, in order) and hash them (SHA-256, in order). So the
/// three costs of a download (copying from the socket, copying into the page cache, hashing) run side by side instead
/// of one after another, and memory stays at <c>depth × bufferSize</c> whatever the blob's size.
/// A failure of either thread (a full disk, say) reaches the receiving loop at its next <see cref="RentAsync"/> or
/// <see cref="DrainAsync"/> as a <see cref="BlobSinkException"/>, so that it is not mistaken for a dropped connection.</summary>
internal sealed class BlobFileSink : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly int _depth;
    private readonly ConcurrentQueue<byte[]> _buffers = new();
    private readonly SemaphoreSlim _free;
    private readonly BlockingCollection<Block> _toHash = new();
    private readonly BlockingCollection<Block> _toWrite = new();
    private readonly Thread _hasher;
    private readonly Thread _writer;
    private readonly long _writeBackEvery;
    private long _writtenBack;
    private long _writtenTo;
    private volatile Exception? _failure;

    /// <summary>Starts the two threads.</summary>
    /// <param name="file">The file written (positional writes; its position is not used).</param>
    /// <param name="bufferSize">Bytes per buffer.</param>
    /// <param name="depth">Buffers in the ring.</param>
    /// <param name="writeBackEvery">When positive, the kernel's write-back is started every so many bytes written
    /// (<see cref="WriteBack"/>: a durable download's final flush then has little left to do).</param>
    public BlobFileSink(SafeFileHandle file, int bufferSize, int depth, long writeBackEvery)
    {
        _file = file;
        _depth = depth;
        _writeBackEvery = writeBackEvery;
        for (var i = 0; i < depth; i++) _buffers.Enqueue(new byte[bufferSize]);
        _free = new SemaphoreSlim(depth, depth);
        _hasher = new Thread(() => Run(_toHash, b => _hash.AppendData(b.Buffer, 0, b.Count))) { IsBackground = true, Name = "blob hash" };
        _writer = new Thread(() => Run(_toWrite, Write)) { IsBackground = true, Name = "blob write" };
        _hasher.Start();
        _writer.Start();
    }

    /// <summary>A free buffer to fill (waits while all are being written or hashed). Give it back with
    /// <see cref="Submit"/> or <see cref="Return"/>.</summary>
    public async ValueTask<byte[]> RentAsync(CancellationToken cancellationToken)
    {
        ThrowIfFailed();
        await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!_buffers.TryDequeue(out var buffer)) throw new InvalidOperationException("the buffer ring is out of step");
        if (_failure is not null)
        {
            Return(buffer);
            ThrowIfFailed();
        }
        return buffer;
    }

    /// <summary>Hands <paramref name="count"/> bytes of a rented buffer over to be written at <paramref name="offset"/>
    /// and hashed (after every block submitted before it).</summary>
    public void Submit(byte[] buffer, int count, long offset)
    {
        var block = new Block(buffer, count, offset);
        _toHash.Add(block);
        _toWrite.Add(block);
    }

    /// <summary>Gives back a rented buffer that holds nothing to keep.</summary>
    public void Return(byte[] buffer)
    {
        _buffers.Enqueue(buffer);
        _free.Release();
    }

    /// <summary>Waits until every submitted block is written and hashed; throws what either thread failed with.</summary>
    public async Task DrainAsync()
    {
        for (var i = 0; i < _depth; i++) await _free.WaitAsync().ConfigureAwait(false);
        _free.Release(_depth);
        ThrowIfFailed();
    }

    /// <summary>Starts over (the registry ignored a <c>Range</c>): call after <see cref="DrainAsync"/>. The file is
    /// emptied and the hash reset.</summary>
    public void Reset()
    {
        _hash.GetHashAndReset();
        RandomAccess.SetLength(_file, 0);
        _writtenBack = 0;
        _writtenTo = 0;
    }

    /// <summary>The SHA-256 of every byte submitted since the start (or the last <see cref="Reset"/>); call after
    /// <see cref="DrainAsync"/>.</summary>
    public byte[] Sha256() => _hash.GetCurrentHash();

    /// <inheritdoc />
    public void Dispose()
    {
        _toHash.CompleteAdding();
        _toWrite.CompleteAdding();
        _hasher.Join();
        _writer.Join();
        _toHash.Dispose();
        _toWrite.Dispose();
        _free.Dispose();
        _hash.Dispose();
    }

    private void Write(Block block)
    {
        RandomAccess.Write(_file, block.Buffer.AsSpan(0, block.Count), block.Offset);
        _writtenTo = block.Offset + block.Count;
        if (_writeBackEvery > 0 && _writtenTo - _writtenBack >= _writeBackEvery)
        {
            WriteBack.Start(_file, _writtenBack, _writtenTo - _writtenBack);
            _writtenBack = _writtenTo;
        }
    }

    private void Run(BlockingCollection<Block> queue, Action<Block> work)
    {
        foreach (var block in queue.GetConsumingEnumerable())
        {
            try
            {
                if (_failure is null) work(block);
            }
            catch (Exception ex)
            {
                _failure ??= ex;
            }
            finally
            {
                if (Interlocked.Decrement(ref block.Pending) == 0) Return(block.Buffer);
            }
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure) throw new BlobSinkException(failure);
    }

    private sealed class Block(byte[] buffer, int count, long offset)
    {
        public byte[] Buffer { get; } = buffer;
        public int Count { get; } = count;
        public long Offset { get; } = offset;
        public int Pending = 2;
    }
}
