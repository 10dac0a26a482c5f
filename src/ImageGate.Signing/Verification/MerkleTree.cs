using System.Security.Cryptography;

namespace ImageGate.Signing.Verification;

/// <summary>RFC 6962 / RFC 9162 Merkle tree hashing and inclusion proof verification.</summary>
internal static class MerkleTree
{
    /// <summary>The leaf hash: SHA-256(0x00 || leaf).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> leaf)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData([0]);
        h.AppendData(leaf);
        return h.GetHashAndReset();
    }

    /// <summary>An interior node hash: SHA-256(0x01 || left || right).</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData([1]);
        h.AppendData(left);
        h.AppendData(right);
        return h.GetHashAndReset();
    }

    /// <summary>Recomputes the root from a leaf hash and its audit path (RFC 9162 §2.1.3.2); null when the
    /// proof has the wrong length for the index and tree size.</summary>
    public static byte[]? RootFromInclusionProof(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof)
    {
        if (index < 0 || treeSize <= 0 || index >= treeSize) return null;
        foreach (var p in proof) if (p.Length != 32) return null;
        long fn = index, sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0) return null;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0) { fn >>= 1; sn >>= 1; }
            }
            else r = NodeHash(r, p);
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    /// <summary>The root of a whole tree of leaves (for tests and small logs).</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count == 0) return SHA256.HashData(ReadOnlySpan<byte>.Empty);
        return Subtree(leaves, 0, leaves.Count);
    }

    /// <summary>The audit path of leaf <paramref name="index"/> in a tree of <paramref name="leaves"/> (RFC 6962 §2.1.1).</summary>
    public static List<byte[]> InclusionProof(IReadOnlyList<byte[]> leaves, int index)
    {
        var path = new List<byte[]>();
        Path(leaves, index, 0, leaves.Count, path);
        return path;
    }

    private static void Path(IReadOnlyList<byte[]> leaves, int m, int start, int n, List<byte[]> path)
    {
        if (n <= 1) return;
        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            Path(leaves, m, start, k, path);
            path.Add(Subtree(leaves, start + k, n - k));
        }
        else
        {
            Path(leaves, m - k, start + k, n - k, path);
            path.Add(Subtree(leaves, start, k));
        }
    }

    private static byte[] Subtree(IReadOnlyList<byte[]> leaves, int start, int n)
    {
        if (n == 1) return LeafHash(leaves[start]);
        var k = LargestPowerOfTwoBelow(n);
        return NodeHash(Subtree(leaves, start, k), Subtree(leaves, start + k, n - k));
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k << 1 < n) k <<= 1;
        return k;
    }
}
