using System.Text.Json.Nodes;
using ImageGate.Core.Errors;
using ImageGate.Signing.TrustRoot;
using ImageGate.Testing.Sigstore;

namespace ImageGate.Signing.Tests.TrustRoot;

public sealed class TrustedRootTests
{
    private static string EmbeddedText()
    {
        using var stream = typeof(TrustedRoot).Assembly.GetManifestResourceStream("ImageGate.Signing.public-good-trusted_root.json")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static JsonNode PublicGoodJson() => JsonNode.Parse(EmbeddedText())!;

    [Fact]
    public void The_embedded_public_good_root_is_the_one_in_the_sigstore_tuf_seed()
    {
        // tests/node/sigstore installs @sigstore/tuf; its seeds.json carries the public-good trusted_root.json target.
        var seeds = JsonNode.Parse(File.ReadAllText(Path.Combine(MockSigstore.NodeFolder, "node_modules", "@sigstore", "tuf", "seeds.json")))!;
        var target = (string)seeds["https://tuf-repo-cdn.sigstore.dev"]!["targets"]!["trusted_root.json"]!;
        var fromSeed = JsonNode.Parse(Convert.FromBase64String(target))!;
        Assert.True(JsonNode.DeepEquals(fromSeed, PublicGoodJson()), "the embedded root differs from @sigstore/tuf's seed: refresh it (docs/signing.md)");
        Assert.Contains(TrustedRoot.PublicGood.TransparencyLogs, l => l.KeyDetails == "PKIX_ED25519");
    }

    [Fact]
    public void A_validity_window_without_a_start_is_a_malformed_root_not_an_open_window()
    {
        var json = PublicGoodJson();
        json["tlogs"]![0]!["publicKey"]!["validFor"]!.AsObject().Remove("start");
        var ex = Assert.Throws<BadInputException>(() => TrustedRoot.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), "test root"));
        Assert.Contains("no start", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_authority_without_a_validity_window_is_rejected()
    {
        var json = PublicGoodJson();
        json["certificateAuthorities"]![0]!.AsObject().Remove("validFor");
        Assert.Throws<BadInputException>(() => TrustedRoot.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), "test root"));
    }

    [Fact]
    public void Validity_windows_are_closed_at_both_ends()
    {
        var range = new TimeRange(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.True(range.Contains(range.Start));
        Assert.True(range.Contains(range.End!.Value));
        Assert.False(range.Contains(range.End.Value.AddSeconds(1)));
        Assert.False(range.Contains(range.Start.AddSeconds(-1)));
    }

    [Fact]
    public void Garbage_is_bad_input_naming_the_file()
    {
        var ex = Assert.Throws<BadInputException>(() => TrustedRoot.Parse("{\"tlogs\": [{\"logId\": 5}]"u8, "garbage.json"));
        Assert.Contains("garbage.json", ex.Message, StringComparison.Ordinal);
    }
}
