using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Site.Lists;
using ImageGate.Site.Tests.Support;

namespace ImageGate.Site.Tests.Lists;

public sealed class EndorsedListReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static string ValidJson(string imageOverride = "", string top = "") => $$"""
        {
          "version": 7, "created": "2026-11-01T12:00:00Z", "expires": "2026-11-29T12:00:00Z",
          "endorser": {"identity": "https://github.com/org/list/.github/workflows/publish.yml@refs/heads/main"},
          {{top}}
          "images": [{
            "identifier": "2f1d0c3e-1111-4222-8333-944455556666", "name": "debian-12", "version": "2026.11.01",
            "sha256": "{{new string('a', 64)}}", "sha512": "{{new string('B', 128)}}", "size": 1234,
            "uri": "https://example.org/debian-12.qcow2", "os": "Debian 12", "arch": "x86_64", "format": "QCOW2"
            {{imageOverride}}
          }]
        }
        """;

    private static EndorsedList Parse(string json) => EndorsedListReader.Parse(Encoding.UTF8.GetBytes(json), "/srv/list.json");

    [Fact]
    public void A_valid_list_parses_every_field()
    {
        var list = Parse(ValidJson());
        Assert.Equal(7, list.Version);
        Assert.Equal(Now, list.Created);
        Assert.Equal(Now.AddDays(28), list.Expires);
        Assert.Contains("publish.yml", list.Endorser);
        var image = Assert.Single(list.Images);
        Assert.Equal("debian-12@2026.11.01", image.Label);
        Assert.Equal(new string('b', 128), image.Sha512);
        Assert.Equal(1234, image.Size);
        Assert.Equal("qcow2", image.Format);
        Assert.Equal("Debian 12", image.Os);
        Assert.Equal("x86_64", image.Arch);
    }

    [Fact]
    public void The_composed_test_list_round_trips()
    {
        var image = TestImage.Random("alma-9", "1.0", kib: 1).Entry("http://127.0.0.1:1");
        var list = EndorsedListReader.Parse(ListSigner.Compose(3, Now, Now.AddDays(1), [image]), "x");
        Assert.Equal(image, Assert.Single(list.Images));
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("""{"version": 1, "created": "2026-11-01T12:00:00Z", "expires": "2026-11-29T12:00:00Z"}""", "images")]
    [InlineData("""{"version": -1, "created": "2026-11-01T12:00:00Z", "expires": "2026-11-29T12:00:00Z", "images": []}""", "version")]
    [InlineData("""{"version": 1, "created": "2026-11-01 12:00", "expires": "2026-11-29T12:00:00Z", "images": []}""", "created")]
    [InlineData("""{"version": 1, "created": "2026-11-01T12:00:00", "expires": "2026-11-29T12:00:00Z", "images": []}""", "created")]
    [InlineData("""{"version": 1, "created": "2026-11-29T12:00:00Z", "expires": "2026-11-01T12:00:00Z", "images": []}""", "expires")]
    [InlineData("""{"version": 1, "version": 2, "created": "2026-11-01T12:00:00Z", "expires": "2026-11-29T12:00:00Z", "images": []}""", "not valid JSON")]
    public void A_malformed_list_is_bad_input_naming_the_file(string json, string problem)
    {
        var ex = Assert.Throws<BadInputException>(() => Parse(json));
        Assert.Equal("/srv/list.json", ex.Path);
        Assert.StartsWith("/srv/list.json: ", ex.Message);
        Assert.Contains(problem, ex.Message);
    }

    [Theory]
    [InlineData("name", "\"../../etc/cron.d/x\"")]
    [InlineData("version", "\"1/2\"")]
    [InlineData("sha512", "\"abc\"")]
    [InlineData("sha256", "5")]
    [InlineData("size", "-5")]
    [InlineData("size", "1.5")]
    [InlineData("uri", "\"file:///etc/shadow\"")]
    [InlineData("format", "\"../qcow2\"")]
    [InlineData("os", "7")]
    [InlineData("identifier", "\"\"")]
    public void A_hostile_image_entry_is_bad_input_naming_the_field(string key, string value)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(ValidJson())!;
        root["images"]![0]![key] = System.Text.Json.Nodes.JsonNode.Parse(value);
        var ex = Assert.Throws<BadInputException>(() => Parse(root.ToJsonString()));
        Assert.Contains($"images[0].{key}", ex.Message);
    }

    [Theory]
    [InlineData("images/debian.qcow2")]
    [InlineData("/releases/download/v1/debian.qcow2")]
    [InlineData("http://mirror.example.org/debian.qcow2")]
    public void Relative_and_http_uris_are_accepted(string uri)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(ValidJson())!;
        root["images"]![0]!["uri"] = uri;
        Assert.Equal(uri, Assert.Single(Parse(root.ToJsonString()).Images).Uri);
    }

    [Fact]
    public void The_same_image_listed_twice_is_bad_input()
    {
        var image = TestImage.Random("alma-9", "1.0", kib: 1).Entry("http://127.0.0.1:1");
        var ex = Assert.Throws<BadInputException>(() => EndorsedListReader.Parse(ListSigner.Compose(3, Now, Now.AddDays(1), [image, image]), "l.json"));
        Assert.Contains("alma-9@1.0 is listed twice", ex.Message);
    }

    [Fact]
    public void A_deeply_nested_list_fails_quickly_as_bad_input()
    {
        var json = "{\"version\":1,\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        Assert.Throws<BadInputException>(() => Parse(json));
    }

    [Fact]
    public void A_list_above_the_size_limit_is_refused_before_parsing()
    {
        var huge = new byte[EndorsedListReader.MaxBytes + 1];
        var ex = Assert.Throws<BadInputException>(() => EndorsedListReader.Parse(huge, "big.json"));
        Assert.Contains("larger than", ex.Message);
    }

    [Theory]
    [InlineData("name", "debian-12\n")]
    [InlineData("version", "2026.11.01\n")]
    [InlineData("format", "qcow2\n")]
    public void A_name_version_or_format_with_a_trailing_newline_is_bad_input(string key, string value)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(ValidJson())!;
        root["images"]![0]![key] = value;
        var ex = Assert.Throws<BadInputException>(() => Parse(root.ToJsonString()));
        Assert.Contains($"images[0].{key}", ex.Message);
    }

    [Fact]
    public void A_time_with_a_trailing_newline_is_bad_input()
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(ValidJson())!;
        root["created"] = "2026-11-01T12:00:00Z\n";
        Assert.Contains("created", Assert.Throws<BadInputException>(() => Parse(root.ToJsonString())).Message);
    }
}
