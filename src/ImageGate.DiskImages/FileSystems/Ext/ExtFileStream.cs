using ImageGate.DiskImages.Internal;

namespace ImageGate.DiskImages.FileSystems.Ext;

/// <summary>A file's content, read lazily through its block map: holes and uninitialised extents read as zeros
/// without touching the disk. Independent per open (positional reads underneath).</summary>
internal sealed class ExtFileStream(ExtFileSystem fs, ExtInode inode, List<ExtFileSystem.Run> runs) : Stream
{
    private long _position;
    private int _hint;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => inode.Size;
    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= inode.Size || buffer.Length == 0) return 0;
        var want = (int)Math.Min(buffer.Length, inode.Size - _position);
        var dest = buffer[..want];
        var bs = fs.BlockSize;
        try
        {
            while (dest.Length > 0)
            {
                var logical = _position / bs;
                var within = (int)(_position % bs);
                var run = Find(logical);
                int chunk;
                if (run is { } r && logical >= r.Logical)
                {
                    var blocksLeft = r.Logical + r.Count - logical;
                    chunk = (int)Math.Min(dest.Length, blocksLeft * bs - within);
                    if (r.Zero) dest[..chunk].Clear();
                    else fs.ReadBlocks(r.Physical + (logical - r.Logical), (within + chunk + bs - 1) / bs, dest[..chunk], within);
                }
                else
                {
                    // a hole: zeros up to the next run (or the end)
                    var nextStart = run is { } n ? n.Logical * bs : long.MaxValue;
                    chunk = (int)Math.Min(dest.Length, nextStart - _position);
                    dest[..chunk].Clear();
                }
                dest = dest[chunk..];
                _position += chunk;
            }
        }
        catch (Exception ex) when (Fail.IsDamage(ex))
        {
            throw fs.Bad($"reading inode {inode.Number}: damaged data ({ex.Message})");
        }
        return want;
    }

    /// <summary>The run holding <paramref name="logical"/>, or else the next run after it, or null.</summary>
    private ExtFileSystem.Run? Find(long logical)
    {
        if (runs.Count == 0) return null;
        if (_hint < runs.Count && runs[_hint].Logical <= logical && logical < runs[_hint].Logical + runs[_hint].Count) return runs[_hint];
        int lo = 0, hi = runs.Count - 1, best = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (runs[mid].Logical <= logical) { best = mid; lo = mid + 1; } else hi = mid - 1;
        }
        if (best >= 0 && logical < runs[best].Logical + runs[best].Count) { _hint = best; return runs[best]; }
        return best + 1 < runs.Count ? runs[best + 1] : null;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => inode.Size + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
