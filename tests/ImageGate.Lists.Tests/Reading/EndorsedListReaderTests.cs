using System.Text;
using System.Text.Json.Nodes;
using ImageGate.Core.Errors;
using ImageGate.Endorsement.Format;
using ImageGate.Lists.Reading;
using ImageGate.Testing.Lists;

namespace ImageGate.Lists.Tests.Reading;

/// <summary>The sites' reader on lists the real publisher wrote (<see cref="ListPublication"/>); hostile and malformed
/// lists start from such a list and change one field, except where the JSON itself is the problem.</summary>
public sealed class EndorsedListReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly SiteImage Debian = new("2f1d0c3e-1111-4222-8333-944455556666", "debian-12", "2026.11.01",
        new string('a', 64), new string('B', 128), 1234, "https://example.org/debian-12.qcow2", "Debian 12", "x86_64", "QCOW2");

    /// <summary>A list the publisher wrote, version 7, created <see cref="Now"/>, endorsing <paramref name="images"/>
    /// (default: <see cref="Debian"/>).</summary>
    private static byte[] Published(params SiteImage[] images) =>
        ListPublication.Publish((images.Length == 0 ? [Debian] : images).Select(i => ListPublication.Record(i, Now)), Now, Now.AddDays(28), version: 7);

    /// <summary>The published list with one change to its JSON.</summary>
    private static string Mutated(Action<JsonObject> change) => Encoding.UTF8.GetString(ListPublication.Mutate(Published(), change));

    private static JsonObject FirstImage(JsonObject root) => root["images"]![0]!.AsObject();

    private static SiteList Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    private static SiteList Parse(byte[] json) => EndorsedListReader.Parse(json, "/srv/list.json");

    [Fact]
    public void A_valid_list_parses_every_field()
    {
        var list = Parse(Published());
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
    public void An_image_the_publisher_lists_reads_back_as_it_was_recorded()
    {
        var image = new SiteImage("id-alma-9", "alma-9", "1.0", new string('1', 64), new string('2', 128), 1024, "http://127.0.0.1:1/images/alma-9-1.0.qcow2", "linux", "x86_64", "qcow2");
        var list = EndorsedListReader.Parse(Published(image), "x");
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
        var json = Mutated(root => FirstImage(root)[key] = JsonNode.Parse(value));
        var ex = Assert.Throws<BadInputException>(() => Parse(json));
        Assert.Contains($"images[0].{key}", ex.Message);
    }

    [Theory]
    [InlineData("images/debian.qcow2")]
    [InlineData("/releases/download/v1/debian.qcow2")]
    [InlineData("http://mirror.example.org/debian.qcow2")]
    public void Relative_and_http_uris_are_accepted(string uri)
    {
        Assert.Equal(uri, Assert.Single(Parse(Published(Debian with { Uri = uri })).Images).Uri);
    }

    [Fact]
    public void A_record_with_only_an_oci_location_is_accepted()
    {
        var reference = $"ghcr.io/org/debian-12@sha256:{new string('c', 64)}";
        var published = Published(Debian with { Uri = null, Oci = new OciLocation(reference, $"sha256:{new string('a', 64)}") });

        var parsed = Assert.Single(Parse(published).Images);

        Assert.Null(parsed.Uri);
        Assert.Equal(new OciLocation(reference, $"sha256:{new string('a', 64)}"), parsed.Oci);
    }

    [Fact]
    public void A_record_with_neither_uri_nor_oci_is_bad_input()
    {
        var json = Mutated(root => FirstImage(root).Remove("uri"));
        var ex = Assert.Throws<BadInputException>(() => Parse(json));
        Assert.Contains("images[0]: has no location: it needs 'uri', 'oci' or both", ex.Message);
    }

    [Theory]
    [InlineData("ghcr.io/org/debian-12:12", "aaaa", "oci.reference")]
    [InlineData("ghcr.io/org/debian-12@sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", "dddd", "oci.layerDigest")]
    [InlineData("ghcr.io/org/debian-12@sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc;rm -rf /", "aaaa", "oci.reference")]
    public void An_oci_location_that_is_not_a_digest_reference_of_this_image_is_bad_input(string reference, string layerHexStart, string field)
    {
        var layer = "sha256:" + layerHexStart + new string(layerHexStart[0], 60);
        var json = Mutated(root => FirstImage(root)["oci"] = new JsonObject { ["reference"] = reference, ["layerDigest"] = layer });
        var ex = Assert.Throws<BadInputException>(() => Parse(json));
        Assert.Contains($"images[0].{field}", ex.Message);
    }

    [Fact]
    public void The_same_image_listed_twice_is_bad_input()
    {
        var image = new SiteImage("id-alma-9", "alma-9", "1.0", new string('1', 64), new string('2', 128), 1024, "http://127.0.0.1:1/alma.qcow2", "linux", "x86_64", "qcow2");
        var twice = ListPublication.Mutate(Published(image), root => root["images"]!.AsArray().Add(FirstImage(root).DeepClone()));
        var ex = Assert.Throws<BadInputException>(() => EndorsedListReader.Parse(twice, "l.json"));
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
        var json = Mutated(root => FirstImage(root)[key] = value);
        var ex = Assert.Throws<BadInputException>(() => Parse(json));
        Assert.Contains($"images[0].{key}", ex.Message);
    }

    [Fact]
    public void A_time_with_a_trailing_newline_is_bad_input()
    {
        var json = Mutated(root => root["created"] = "2026-11-01T12:00:00Z\n");
        Assert.Contains("created", Assert.Throws<BadInputException>(() => Parse(json)).Message);
    }
}
