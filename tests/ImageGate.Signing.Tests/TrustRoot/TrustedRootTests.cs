using System.Text.Json.Nodes;
using ImageGate.Core.Errors;
using ImageGate.Signing.Tests.Verification;
using ImageGate.Signing.TrustRoot;

namespace ImageGate.Signing.Tests.TrustRoot;

public sealed class TrustedRootTests
{
    private static JsonNode PublicGoodJson() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(ConformanceSuite.Directory, "public-good-trusted_root.json")))!;

    [Fact]
    public void The_embedded_public_good_root_equals_the_suite_s_copy()
    {
        var embedded = TrustedRoot.PublicGood;
        var suite = TrustedRoot.Load(Path.Combine(ConformanceSuite.Directory, "public-good-trusted_root.json"));
        Assert.Equal(suite.TransparencyLogs.Select(l => Convert.ToBase64String(l.LogId)), embedded.TransparencyLogs.Select(l => Convert.ToBase64String(l.LogId)));
        Assert.Equal(suite.CertificateAuthorities.Count, embedded.CertificateAuthorities.Count);
        Assert.Contains(embedded.TransparencyLogs, l => l.KeyDetails == "PKIX_ED25519");
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
