using System.Diagnostics;
using System.Text;
using ImageGate.Patches.Apt;

namespace ImageGate.Patches.Tests.Apt;

public class ReleaseFileTests
{
    [Fact]
    public void A_release_file_listing_100000_indexes_parses_in_linear_time_with_every_entry_and_the_fields_after_the_list()
    {
        // Debian's main Release file lists a few thousand files per hash; a hundred thousand lines made the parser,
        // which appended each continuation line to the field's whole value so far, copy gigabytes.
        var text = new StringBuilder("Origin: Debian\nSuite: bookworm\nCodename: bookworm\nDate: Sat, 21 Nov 2026 00:53:02 UTC\nSHA256:\n");
        for (var i = 0; i < 100_000; i++)
            text.Append(' ').Append(i.ToString("x64")).Append(' ').Append(1000 + i).Append(" main/binary-amd64/Packages").Append(i).Append('\n');
        text.Append("Acquire-By-Hash: yes\n");
        var watch = Stopwatch.StartNew();
        var release = ReleaseFile.Parse(text.ToString(), "Release");
        watch.Stop();
        Assert.Equal(100_000, release.Sha256.Count);
        Assert.Equal((99_999.ToString("x64"), 100_999L), release.Sha256["main/binary-amd64/Packages99999"]);
        Assert.True(release.AcquireByHash);
        Assert.Equal("bookworm", release.Codename);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"parsing took {watch.Elapsed}");

        // Continuation lines, comments, lone dots and repeated fields keep their meaning.
        var stanzas = Deb822.Parse("A: 1\n b\n #c\n .\n d \n# comment\nB: x\nb: y\n z\n\n\nC: 3\n", "f");
        Assert.Equal(2, stanzas.Count);
        Assert.Equal("1\nb\n#c\n\nd", stanzas[0]["A"]);
        Assert.Equal("y\nz", stanzas[0]["B"]);
        Assert.Equal(["A", "B"], stanzas[0].Keys);
        Assert.Equal("3", stanzas[1]["c"]);
    }
}
