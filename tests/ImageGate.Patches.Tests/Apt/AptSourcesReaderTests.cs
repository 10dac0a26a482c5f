using ImageGate.Core.Errors;
using ImageGate.Patches.Apt;

namespace ImageGate.Patches.Tests.Apt;

public class AptSourcesReaderTests
{
    [Fact]
    public void One_line_sources_keep_options_and_ignore_comments()
    {
        var entries = AptSourcesReader.ParseOneLine("""
            # comment
            deb [ arch=amd64 signed-by=/usr/share/keyrings/x.gpg ] http://a.invalid/debian bookworm main contrib # note
            deb-src http://a.invalid/debian bookworm main
            deb http://a.invalid/flat ./
            """, "/etc/apt/sources.list").ToList();
        Assert.Equal(3, entries.Count);
        Assert.Equal(["/usr/share/keyrings/x.gpg"], entries[0].SignedBy);
        Assert.Equal(["amd64"], entries[0].Architectures);
        Assert.Equal(["main", "contrib"], entries[0].Components);
        Assert.Equal("./", entries[2].Suites[0]);
    }

    [Fact]
    public void A_malformed_source_line_is_bad_input_naming_the_file_and_line()
    {
        var e = Assert.Throws<BadInputException>(() => AptSourcesReader.ParseOneLine("deb http://a.invalid/debian\n", "/etc/apt/sources.list.d/x.list").ToList());
        Assert.Contains("/etc/apt/sources.list.d/x.list", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<BadInputException>(() => AptSourcesReader.ParseOneLine("rpm http://x y\n", "f").ToList());
    }

    [Fact]
    public void Deb822_sources_expand_uris_and_suites_and_skip_disabled_stanzas()
    {
        var entries = AptSourcesReader.ParseDeb822("""
            Types: deb deb-src
            URIs: http://a.invalid/debian http://b.invalid/debian
            Suites: bookworm bookworm-updates
            Components: main
            Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

            Types: deb
            URIs: http://c.invalid/
            Suites: x
            Components: main
            Enabled: no
            """, "/etc/apt/sources.list.d/debian.sources").ToList();
        var e = Assert.Single(entries);
        Assert.Equal(["deb", "deb-src"], e.Types);
        Assert.Equal(2, e.Uris.Count);
        Assert.Equal(["bookworm", "bookworm-updates"], e.Suites);
        Assert.Equal(["/usr/share/keyrings/debian-archive-keyring.gpg"], e.SignedBy);
    }

    [Fact]
    public void A_deb822_stanza_without_suites_is_bad_input() =>
        Assert.Throws<BadInputException>(() => AptSourcesReader.ParseDeb822("Types: deb\nURIs: http://a.invalid/\n", "f.sources").ToList());
}
