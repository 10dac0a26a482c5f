using System.Text;
using System.Text.Json.Nodes;
using ImageGate.Signing.TrustRoot.Tuf;
using ImageGate.Testing.Sigstore;

namespace ImageGate.Signing.Tests.TrustRoot.Tuf;

public sealed class TufMetadataTests(TufTestRepositories repos) : IClassFixture<TufTestRepositories>
{
    private byte[] InitialRoot => File.ReadAllBytes(repos.InitialRoot);

    [Fact]
    public void The_independently_signed_root_verifies_with_its_ed25519_and_ecdsa_keys()
    {
        var root = TufMetadata.Parse(InitialRoot, TufMetadata.Root);
        Assert.Equal((2, 2L), root.CountSignatures(root, TufMetadata.Root));
        Assert.Contains(root.Keys.Values, k => k.KeyType == "ed25519");
        Assert.Contains(root.Keys.Values, k => k.KeyType == "ecdsa");
        Assert.Contains(root.Keys.Values, k => k.KeyType == "ecdsa-sha2-nistp256");
        Assert.All(root.Keys.Values, k => Assert.Null(k.Unsupported));
    }

    [Fact]
    public void A_key_that_signed_twice_counts_once()
    {
        var json = JsonNode.Parse(InitialRoot)!;
        var sigs = json["signatures"]!.AsArray();
        var first = sigs[0]!.DeepClone();
        sigs.RemoveAt(1);
        sigs.Add(first);
        var root = TufMetadata.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), TufMetadata.Root);
        Assert.Equal(2, root.Signatures.Count);
        Assert.Equal((1, 2L), root.CountSignatures(root, TufMetadata.Root));
        Assert.False(root.IsSignedBy(root, TufMetadata.Root));
    }

    [Fact]
    public void A_changed_signed_part_no_longer_verifies()
    {
        var json = JsonNode.Parse(InitialRoot)!;
        json["signed"]!["expires"] = "2099-01-01T00:00:00Z";
        var root = TufMetadata.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), TufMetadata.Root);
        Assert.Equal(0, root.CountSignatures(root, TufMetadata.Root).Valid);
    }

    [Fact]
    public void Metadata_of_another_role_is_rejected()
    {
        var ex = Assert.Throws<FormatException>(() => TufMetadata.Parse(InitialRoot, TufMetadata.Timestamp));
        Assert.Contains("expected timestamp metadata, found _type 'root'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec_version", "\"2.0.0\"", "unsupported spec_version")]
    [InlineData("version", "0", "version must be at least 1")]
    [InlineData("expires", "\"tomorrow\"", "not an RFC 3339 UTC time")]
    public void Malformed_common_fields_are_rejected(string field, string value, string message)
    {
        var json = JsonNode.Parse(InitialRoot)!;
        json["signed"]![field] = JsonNode.Parse(value);
        var ex = Assert.Throws<FormatException>(() => TufMetadata.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), TufMetadata.Root));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
