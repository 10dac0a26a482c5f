using ImageGate.Site.Verification;
using ImageGate.Testing;

namespace ImageGate.Site.Tests.Verification;

public sealed class EndorsedListSnifferTests : IDisposable
{
    private readonly TempDirectory _dir = new("imagegate-sniff");

    public void Dispose() => _dir.Dispose();

    private string File(string name, string content)
    {
        var path = _dir.Combine(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void A_json_object_with_images_and_expires_is_an_endorsed_list()
    {
        Assert.True(EndorsedListSniffer.IsEndorsedList(File("endorsed-images.json",
            """{"version": 1, "expires": "2026-12-01T00:00:00Z", "images": []}""")));
    }

    [Theory]
    [InlineData("""{"images": []}""")]
    [InlineData("""{"expires": "2026-12-01T00:00:00Z"}""")]
    [InlineData("""[{"images": [], "expires": "x"}]""")]
    [InlineData("""{"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json"}""")]
    [InlineData("QFI\u00fb not json at all")]
    [InlineData("")]
    public void Other_files_are_not_lists(string content)
    {
        Assert.False(EndorsedListSniffer.IsEndorsedList(File("other.bin", content)));
    }

    [Fact]
    public void A_missing_file_is_not_a_list()
    {
        Assert.False(EndorsedListSniffer.IsEndorsedList(_dir.Combine("absent.json")));
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_never_read_as_a_list()
    {
        var json = """{"expires": "2026-12-01T00:00:00Z", "images": []}""";
        var path = File("huge.json", json);
        Assert.True(EndorsedListSniffer.IsEndorsedList(path));
        using (var stream = new FileStream(path, FileMode.Append))
        {
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            while (stream.Length <= EndorsedListSniffer.MaxListBytes)
                stream.Write(spaces); // trailing white space: still valid JSON, but past the limit
        }
        Assert.False(EndorsedListSniffer.IsEndorsedList(path));
    }
}
