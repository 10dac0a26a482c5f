using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace ImageGate.Scanning.Content;

/// <summary>Finds where any of a set of ASCII patterns starts in a byte buffer, searching the bytes directly (no
/// widening to UTF-16). With AVX2 a Teddy-style filter (three 8-bucket nibble tables: each position's first three bytes
/// are looked up 32 positions at a time) proposes candidates, which are then checked exactly; without AVX2 the
/// patterns' first bytes are searched with <see cref="SearchValues{T}"/> and each candidate checked exactly.
/// Either way the answer is the first position at which a whole pattern lies inside the buffer.</summary>
internal sealed class PrefixFinder
{
    private const int Width = 3;
    private readonly byte[][]?[] _byFirst = new byte[256][][];
    private readonly SearchValues<byte> _first;
    private readonly Vector256<byte>[] _lo = new Vector256<byte>[Width];
    private readonly Vector256<byte>[] _hi = new Vector256<byte>[Width];

    /// <summary>Prepares the search for <paramref name="patterns"/> (non-empty ASCII strings).</summary>
    public PrefixFinder(IReadOnlyList<string> patterns)
    {
        var bytes = patterns.Select(p => p.Length > 0 && Ascii.IsValid(p) ? Encoding.ASCII.GetBytes(p) : throw new ArgumentException($"not a non-empty ASCII pattern: {p}", nameof(patterns))).ToList();
        foreach (var group in bytes.GroupBy(b => b[0]))
            _byFirst[group.Key] = [.. group];
        _first = SearchValues.Create(bytes.Select(b => b[0]).Distinct().ToArray());

        // Buckets: patterns grouped by first byte, the groups spread over 8 buckets (largest first, each to the
        // emptiest bucket). A bucket's bit is set in a table entry when one of its patterns has that nibble at that
        // offset (every entry when the pattern is shorter than the offset: a wildcard).
        var lo = new byte[Width, 16];
        var hi = new byte[Width, 16];
        var load = new int[8];
        foreach (var group in bytes.GroupBy(b => b[0]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key))
        {
            var bucket = Array.IndexOf(load, load.Min());
            load[bucket] += group.Count();
            var bit = (byte)(1 << bucket);
            foreach (var p in group)
                for (var k = 0; k < Width; k++)
                {
                    if (k >= p.Length)
                    {
                        for (var n = 0; n < 16; n++) { lo[k, n] |= bit; hi[k, n] |= bit; }
                        continue;
                    }
                    lo[k, p[k] & 0xF] |= bit;
                    hi[k, p[k] >> 4] |= bit;
                }
        }
        for (var k = 0; k < Width; k++)
        {
            var l = new byte[32];
            var h = new byte[32];
            for (var n = 0; n < 32; n++) { l[n] = lo[k, n & 15]; h[n] = hi[k, n & 15]; }
            _lo[k] = Vector256.Create(l);
            _hi[k] = Vector256.Create(h);
        }
    }

    /// <summary>The first position <c>p</c> in [<paramref name="from"/>, <paramref name="limit"/>) at which a whole
    /// pattern lies in <paramref name="data"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> data, int from, int limit) =>
        Avx2.IsSupported ? IndexOfAvx2(data, from, limit) : IndexOfScalar(data, from, limit);

    /// <summary>The same search without the vector filter (the path of machines without AVX2; tests compare the two).</summary>
    internal int IndexOfScalar(ReadOnlySpan<byte> data, int from, int limit)
    {
        limit = Math.Min(limit, data.Length);
        var pos = from;
        while (pos < limit)
        {
            var i = data[pos..limit].IndexOfAny(_first);
            if (i < 0) return -1;
            var p = pos + i;
            if (Matches(data, p)) return p;
            pos = p + 1;
        }
        return -1;
    }

    private int IndexOfAvx2(ReadOnlySpan<byte> data, int from, int limit)
    {
        limit = Math.Min(limit, data.Length);
        var i = from;
        ref var start = ref MemoryMarshal.GetReference(data);
        var nibble = Vector256.Create((byte)0x0F);
        var (lo0, lo1, lo2) = (_lo[0], _lo[1], _lo[2]);
        var (hi0, hi1, hi2) = (_hi[0], _hi[1], _hi[2]);
        // Each step reads 32 + Width - 1 bytes from i.
        while (i < limit && i + 32 + Width - 1 <= data.Length)
        {
            var v0 = Vector256.LoadUnsafe(ref start, (nuint)i);
            var v1 = Vector256.LoadUnsafe(ref start, (nuint)(i + 1));
            var v2 = Vector256.LoadUnsafe(ref start, (nuint)(i + 2));
            var m = Lookup(v0, lo0, hi0, nibble) & Lookup(v1, lo1, hi1, nibble) & Lookup(v2, lo2, hi2, nibble);
            var bits = ~Vector256.Equals(m, Vector256<byte>.Zero).ExtractMostSignificantBits();
            if (limit - i < 32) bits &= (1u << (limit - i)) - 1;
            while (bits != 0)
            {
                var p = i + System.Numerics.BitOperations.TrailingZeroCount(bits);
                if (Matches(data, p)) return p;
                bits &= bits - 1;
            }
            i += 32;
        }
        return i < limit ? IndexOfScalar(data, i, limit) : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Lookup(Vector256<byte> v, Vector256<byte> lo, Vector256<byte> hi, Vector256<byte> nibble) =>
        Avx2.Shuffle(lo, v & nibble) & Avx2.Shuffle(hi, Vector256.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & nibble);

    private bool Matches(ReadOnlySpan<byte> data, int p)
    {
        var candidates = _byFirst[data[p]];
        if (candidates is null) return false;
        var rest = data[p..];
        foreach (var pattern in candidates)
            if (rest.StartsWith(pattern)) return true;
        return false;
    }
}
