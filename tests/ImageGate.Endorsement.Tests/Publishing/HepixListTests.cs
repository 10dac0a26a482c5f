using System.Text;
using System.Text.Json;
using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.Publishing;
using ImageGate.Lists;

namespace ImageGate.Endorsement.Tests.Publishing;

public sealed class HepixListTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ListExpires = Created.AddDays(28);

    private static EndorsedImage Image(string name, DateTimeOffset? expires) => new()
    {
        Identifier = StableIdentifier.ForName(name), Name = name, Version = "1", Sha256 = new string('a', 64), Sha512 = new string('b', 128),
        Size = 42, Uri = $"https://images.example.org/{name}.qcow2", Os = new ImageGate.Lists.OperatingSystem("debian", "12", "Debian GNU/Linux 12 (bookworm)"),
        Arch = "x86_64", Format = "qcow2", Created = Created.AddDays(-3), Expires = expires,
        BuiltBy = new BuildProvenance("vo/images/.github/workflows/build.yml", "abc123", null), Hepix = new HepixHints("QEMU,KVM", null, null),
    };

    private static JsonElement[] Write(EndorserIdentity endorser, HepixListInfo info, params EndorsedImage[] images)
    {
        var list = new EndorsedList { Version = 7, Created = Created, Expires = ListExpires, Endorser = endorser, Images = images };
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(HepixList.Write(list, info)));
        return doc.RootElement.GetProperty("hv:imagelist").GetProperty("hv:images").EnumerateArray().Select(e => e.GetProperty("hv:image").Clone()).ToArray();
    }

    [Fact]
    public void Every_image_carries_atropes_required_fields_with_values_from_the_record_the_endorser_and_the_options()
    {
        var endorser = new EndorserIdentity("VO Image Team", "images@vo.example.org", "/C=EU/O=VO/CN=Image Endorser", "/C=EU/O=VO/CN=VO CA", null);
        var images = Write(endorser, new HepixListInfo("VO images", null, "https://vo.example.org/list/imagelist.hepix.json.smime", null, "vo.example.org", null, CataloguePages: true),
            Image("debian12", Created.AddDays(5)), Image("alma9", null), Image("rocky9", ListExpires.AddDays(100)));

        var required = new[] { "ad:group", "ad:mpuri", "ad:user:fullname", "ad:user:guid", "ad:user:uri", "dc:description", "dc:identifier", "dc:title",
            "hv:hypervisor", "hv:format", "hv:size", "hv:uri", "hv:version", "sl:arch", "sl:comments", "sl:os", "sl:osname", "sl:osversion", "sl:checksum:sha512", "dc:date:expires" };
        foreach (var image in images)
            foreach (var field in required)
                Assert.True(image.TryGetProperty(field, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number, field);

        var debian = images[0];
        Assert.Equal("vo.example.org", debian.GetProperty("ad:group").GetString());
        Assert.Equal("https://vo.example.org/list/image-debian12.html", debian.GetProperty("ad:mpuri").GetString());
        Assert.Equal("VO Image Team", debian.GetProperty("ad:user:fullname").GetString());
        Assert.Equal(StableIdentifier.ForName("endorser:/C=EU/O=VO/CN=Image Endorser"), debian.GetProperty("ad:user:guid").GetString());
        Assert.Equal("mailto:images@vo.example.org", debian.GetProperty("ad:user:uri").GetString());
        Assert.Equal("debian", debian.GetProperty("sl:osname").GetString());
        Assert.Equal("12", debian.GetProperty("sl:osversion").GetString());
        Assert.Equal(42, debian.GetProperty("hv:size").GetInt64());

        // Its own expiry when earlier than the list's, else the list's; always UTC with a zone.
        Assert.Equal(["2026-11-06T12:00:00Z", "2026-11-29T12:00:00Z", "2026-11-29T12:00:00Z"], images.Select(i => i.GetProperty("dc:date:expires").GetString()).ToArray());
        Assert.Equal("2026-10-29T12:00:00Z", debian.GetProperty("dc:date:created").GetString());
    }

    [Fact]
    public void Without_a_catalogue_or_endorser_details_the_fields_fall_back_to_the_download_url_and_what_is_known()
    {
        var images = Write(new EndorserIdentity(null, null, null, null, "https://github.com/vo/list/.github/workflows/publish.yml@refs/heads/main"),
            new HepixListInfo("VO images", null, null, null, null, "https://vo.example.org/team", CataloguePages: false), Image("debian12", null));
        var debian = images[0];
        Assert.Equal("https://images.example.org/debian12.qcow2", debian.GetProperty("ad:mpuri").GetString());
        Assert.Equal("https://github.com/vo/list/.github/workflows/publish.yml@refs/heads/main", debian.GetProperty("ad:user:fullname").GetString());
        Assert.Equal("https://vo.example.org/team", debian.GetProperty("ad:user:uri").GetString());
        Assert.Equal("", debian.GetProperty("ad:group").GetString());
    }
}
