using System.Text;
using ImageGate.Core.Errors;
using ImageGate.Patches.Apt;
using ImageGate.Patches.Yum;
using ImageGate.Testing.Patches;

namespace ImageGate.Patches.Tests.Yum;

public class MetadataParsingTests
{
    [Fact]
    public void A_repomd_with_a_DTD_is_refused_rather_than_expanded()
    {
        const string bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
            <repomd><revision>&lol2;</revision></repomd>
            """;
        var e = Assert.Throws<BadInputException>(() => Repomd.Parse(Encoding.UTF8.GetBytes(bomb), "repository r: repomd.xml"));
        Assert.Contains("repository r", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_updateinfo_is_bad_input() =>
        Assert.Throws<BadInputException>(() => UpdateInfoEntry.Parse(Encoding.UTF8.GetBytes("<updates><update type=\"security\"><id>X</id>"), "u"));

    [Fact]
    public void A_repomd_location_leaving_the_repository_is_kept_but_refused_at_fetch()
    {
        var repomd = Repomd.Parse(Encoding.UTF8.GetBytes("""
            <repomd xmlns="http://linux.duke.edu/metadata/repo"><revision>1</revision>
            <data type="primary"><checksum type="sha256">00</checksum><location href="../../etc/passwd"/><timestamp>1700000000</timestamp></data>
            </repomd>
            """), "r");
        Assert.Equal("../../etc/passwd", repomd.Data["primary"].Href);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), repomd.Timestamp);
    }

    [Fact]
    public void Yum_variables_are_substituted_from_the_image()
    {
        var vars = new Dictionary<string, string> { ["releasever"] = "9", ["basearch"] = "x86_64", ["contentdir"] = "almalinux" };
        Assert.Equal("https://repo.almalinux.invalid/almalinux/9/BaseOS/x86_64/os/",
            YumRepoReader.Substitute("https://repo.almalinux.invalid/$contentdir/${releasever}/BaseOS/$basearch/os/", vars));
        Assert.Equal("$unknown", YumRepoReader.Substitute("$unknown", vars));
    }

    [Fact]
    public void Release_dates_parse_as_apt_writes_them()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 0, 53, 2, TimeSpan.Zero), ReleaseFile.ParseDate("Sat, 21 Nov 2026 00:53:02 UTC", "r"));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), ReleaseFile.ParseDate("Sun, 1 Nov 2026 00:00:00 +0000", "r"));
        Assert.Throws<BadInputException>(() => ReleaseFile.ParseDate("yesterday", "r"));
    }

    [Fact]
    public void Mirror_rules_rewrite_only_whole_prefixes()
    {
        var m = MirrorRewrite.Parse("http://deb.debian.org=http://127.0.0.1:9/");
        Assert.Equal("http://127.0.0.1:9/debian/dists/x", m.Apply("http://deb.debian.org/debian/dists/x"));
        Assert.Null(m.Apply("http://deb.debian.org.evil.invalid/debian"));
        Assert.Throws<BadInputException>(() => MirrorRewrite.Parse("no-equals-sign"));
    }

    [Fact]
    public void A_yum_variable_file_whose_name_ends_in_a_newline_is_not_a_variable()
    {
        using var root = new ImageGate.Testing.TempDirectory();
        Directory.CreateDirectory(root.Combine("etc", "dnf", "vars"));
        File.WriteAllText(root.Combine("etc", "dnf", "vars", "contentdir"), "almalinux\n");
        File.WriteAllText(root.Combine("etc", "dnf", "vars", "sneaky\n"), "x\n");
        using var fs = new ImageGate.Testing.Patches.HostFileSystem(root.Path);
        var vars = YumRepoReader.Variables(fs, [], new Core.Packages.OsRelease("almalinux", "9.4", null));
        Assert.Equal("almalinux", vars["contentdir"]);
        Assert.DoesNotContain("sneaky\n", vars.Keys);
    }
}
