using System.Text;
using ImageGate.Signing.Verification;

namespace ImageGate.Signing.Tests.Verification;

/// <summary>RFC 6962 inclusion proofs for trees larger than the mock's one-entry log.</summary>
public sealed class MerkleTreeTests
{
    private static List<byte[]> Leaves(int n) => Enumerable.Range(0, n).Select(i => Encoding.UTF8.GetBytes($"entry {i}")).ToList();

    [Fact]
    public void The_empty_tree_and_a_one_leaf_tree_hash_as_RFC_6962_says()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleTree.Root([])));
        // RFC 6962 test vector: the leaf hash of the empty string
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Convert.ToHexStringLower(MerkleTree.LeafHash([])));
    }

    [Fact]
    public void Every_leaf_of_trees_up_to_40_leaves_proves_inclusion_to_the_root()
    {
        for (var n = 1; n <= 40; n++)
        {
            var leaves = Leaves(n);
            var root = MerkleTree.Root(leaves);
            for (var i = 0; i < n; i++)
            {
                var proof = MerkleTree.InclusionProof(leaves, i);
                var computed = MerkleTree.RootFromInclusionProof(i, n, MerkleTree.LeafHash(leaves[i]), proof);
                Assert.True(computed is not null && computed.AsSpan().SequenceEqual(root), $"leaf {i} of {n}");
            }
        }
    }

    [Fact]
    public void A_flipped_bit_a_wrong_index_a_short_path_or_a_wrong_size_fails()
    {
        var leaves = Leaves(13);
        var root = MerkleTree.Root(leaves);
        var proof = MerkleTree.InclusionProof(leaves, 6);
        var leaf = MerkleTree.LeafHash(leaves[6]);

        var flipped = proof.Select(p => p.ToArray()).ToList();
        flipped[1][0] ^= 1;
        Assert.False(MerkleTree.RootFromInclusionProof(6, 13, leaf, flipped)!.AsSpan().SequenceEqual(root));
        Assert.False(MerkleTree.RootFromInclusionProof(7, 13, leaf, proof)?.AsSpan().SequenceEqual(root) ?? false);
        Assert.Null(MerkleTree.RootFromInclusionProof(6, 13, leaf, proof.Take(proof.Count - 1).ToList()));
        Assert.False(MerkleTree.RootFromInclusionProof(6, 7, leaf, proof)?.AsSpan().SequenceEqual(root) ?? false);
        Assert.Null(MerkleTree.RootFromInclusionProof(13, 13, leaf, proof));
    }

    [Theory]
    [InlineData(1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [InlineData(2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [InlineData(3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77")]
    [InlineData(4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4")]
    [InlineData(6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef")]
    [InlineData(7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c")]
    [InlineData(8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")]
    public void The_reference_tree_of_the_certificate_transparency_tests_has_the_published_roots(int size, string root)
    {
        // Leaves "", 00, 10, 2021, 3031, 40414243, 5051525354555657, 606162636465666768696a6b6c6d6e6f
        string[] hex = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
        var leaves = hex.Take(size).Select(Convert.FromHexString).ToList();
        Assert.Equal(root, Convert.ToHexStringLower(MerkleTree.Root(leaves)));
    }
}
