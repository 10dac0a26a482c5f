using System.Text;
using System.Text.Json;
using ImageGate.Signing.TrustRoot.Tuf;
using ImageGate.Testing;
using ImageGate.Testing.Sigstore;

namespace ImageGate.Signing.Tests.TrustRoot.Tuf;

public sealed class CanonicalJsonTests
{
    private static byte[] Canonical(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return CanonicalJson.Serialize(doc.RootElement);
    }

    [Fact]
    public void The_canonical_form_equals_the_one_of_tufjs_canonical_json()
    {
        const string json = """
            { "z": [3, -1, 0, true, false, null], "a": { "é": "quote \" backslash \\ tab \t newline \n é ü 😀", "B": "", "b": 12345678901234 },
              "A": "\u0001", "_type": "root" }
            """;
        using var dir = new TempDirectory("imagegate-cjson");
        var file = dir.Combine("doc.json");
        File.WriteAllText(file, json);
        var oracle = ExternalProcess.Run("node", ["canonicalize.js", file], TufTestRepositories.NodeFolder, timeout: TimeSpan.FromSeconds(30));
        Assert.Equal(0, oracle.ExitCode);
        Assert.Equal(oracle.RawOutput, Canonical(json));
        Assert.StartsWith("{\"A\":\"\u0001\",\"_type\":\"root\",\"a\":{\"B\":\"\",\"b\":12345678901234,", Encoding.UTF8.GetString(Canonical(json)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a": 1.5}""")]
    [InlineData("""{"a": 1e3}""")]
    [InlineData("""{"a": 1, "a": 2}""")]
    public void A_document_without_a_canonical_form_is_rejected(string json) =>
        Assert.Throws<FormatException>(() => Canonical(json));
}
