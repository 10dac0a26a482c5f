namespace ImageGate.DiskImages.FileSystems.Xfs;

/// <summary>A regular file's content, read lazily through its extent map; holes and unwritten extents read as zeros.</summary>
internal sealed class XfsFileStream(XfsFileSystem fs, XfsExtent[] extents, long length) : Stream
{
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (position >= length || buffer.Length == 0)
            return 0;
        var want = (int)Math.Min(buffer.Length, length - position);
        var done = 0;
        var blockLog = fs.Superblock.BlockLog;
        while (done < want)
        {
            var pos = position + done;
            var fileBlock = (ulong)(pos >> blockLog);
            var within = pos & ((1L << blockLog) - 1);
            var index = Find(fileBlock);
            int chunk;
            if (index >= 0 && !extents[index].Unwritten)
            {
                var e = extents[index];
                var extentBytesLeft = ((long)(e.EndBlock - fileBlock) << blockLog) - within;
                chunk = (int)Math.Min(want - done, extentBytesLeft);
                var device = fs.CheckBlockRange(e.StartBlock, e.BlockCount, "file extent") + ((long)(fileBlock - e.FileBlock) << blockLog) + within;
                fs.ReadAt(device, buffer.Slice(done, chunk));
            }
            else
            {
                // A hole (or unwritten extent) up to the next mapped extent.
                long next;
                if (index >= 0)
                    next = (long)extents[index].EndBlock << blockLog;
                else
                {
                    var following = ~index;
                    next = following < extents.Length ? (long)extents[following].FileBlock << blockLog : long.MaxValue;
                }
                chunk = (int)Math.Min(want - done, next - pos);
                buffer.Slice(done, chunk).Clear();
            }
            done += chunk;
        }
        position += done;
        return done;
    }

    /// <summary>The index of the extent holding <paramref name="fileBlock"/>, or the complement of the next one.</summary>
    private int Find(ulong fileBlock)
    {
        var lo = 0;
        var hi = extents.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var e = extents[mid];
            if (fileBlock < e.FileBlock) hi = mid - 1;
            else if (fileBlock >= e.EndBlock) lo = mid + 1;
            else return mid;
        }
        return ~lo;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return position;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
