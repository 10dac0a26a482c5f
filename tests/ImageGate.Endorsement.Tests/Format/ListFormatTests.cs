using System.Text;
using System.Text.Json;
using ImageGate.Endorsement.Format;
using ImageGate.Lists;

namespace ImageGate.Endorsement.Tests.Format;

public sealed class ListFormatTests
{
    private static ImageRecord Record() => new()
    {
        Identifier = StableIdentifier.ForName("debian12"),
        Name = "debian12",
        Version = "1",
        Os = new ImageGate.Lists.OperatingSystem("debian", "12", "Debian GNU/Linux 12"),
        Arch = "x86_64",
        Format = "qcow2",
        Size = 42,
        Sha256 = new string('a', 64),
        Sha512 = new string('b', 128),
        Uri = "https://example.org/i.qcow2",
        Created = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.FromHours(2)),
        BuiltBy = new BuildProvenance("wf", "c0ffee", null),
        ScanPassed = true,
        Hepix = new HepixHints("QEMU,KVM", 2, null),
    };

    [Fact]
    public void A_record_is_written_with_a_stable_key_order_UTC_times_and_a_final_newline()
    {
        var bytes = ListJson.Serialize(Record());
        var text = Encoding.UTF8.GetString(bytes);
        using var doc = JsonDocument.Parse(bytes);
        Assert.Equal(["formatVersion", "identifier", "name", "version", "os", "arch", "format", "size", "sha256", "sha512", "uri", "created", "builtBy", "scanPassed", "hepix"],
            doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("2026-11-22T08:00:00Z", doc.RootElement.GetProperty("created").GetString());
        Assert.EndsWith("}\n", text);
        Assert.DoesNotContain("\r", text);
        Assert.Equal(bytes, ListJson.Serialize(ListJson.Deserialize<ImageRecord>(bytes, "r")));
    }

    [Fact]
    public void A_record_missing_a_required_field_is_bad_input_naming_the_file()
    {
        var ex = Assert.Throws<Core.Errors.BadInputException>(() => ListJson.Deserialize<ImageRecord>("{\"name\":\"x\"}"u8, "images/x/1/record.json"));
        Assert.Contains("images/x/1/record.json", ex.Message);
    }

    [Fact]
    public void The_identifier_is_a_stable_version_5_uuid_per_name()
    {
        var a = StableIdentifier.ForName("debian12");
        Assert.Equal(a, StableIdentifier.ForName("debian12"));
        Assert.NotEqual(a, StableIdentifier.ForName("debian13"));
        Assert.Equal('5', a[14]);
        Assert.Contains(a[19], "89ab");
    }

    [Theory]
    [InlineData("debian12@2026.11.1", "debian12", "2026.11.1")]
    [InlineData("el9@9.4+build.2", "el9", "9.4+build.2")]
    public void Image_references_parse(string text, string name, string version) =>
        Assert.Equal(new ImageReference(name, version), ImageReference.Parse(text));

    [Theory]
    [InlineData("debian12")]
    [InlineData("@1")]
    [InlineData("a@")]
    [InlineData("a@../x")]
    public void Bad_image_references_are_bad_input(string text) =>
        Assert.Throws<Core.Errors.BadInputException>(() => ImageReference.Parse(text));

    [Fact]
    public void A_name_or_version_with_a_trailing_newline_is_bad_input()
    {
        Assert.Throws<Core.Errors.BadInputException>(() => ListFormat.ValidateName("debian12\n"));
        Assert.Throws<Core.Errors.BadInputException>(() => ImageReference.Parse("debian12@2026.11.1\n"));
    }
}
