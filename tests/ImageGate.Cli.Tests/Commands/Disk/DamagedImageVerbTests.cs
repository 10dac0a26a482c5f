using ImageGate.Testing;
using ImageGate.Testing.Images.Damage;

namespace ImageGate.Cli.Tests.Commands.Disk;

/// <summary><c>ls</c> and <c>cat</c> on every image of the damaged corpus (ImageGate.Testing's
/// <see cref="DamagedImageCorpus"/>): exit 2 with a message naming the image, never a stack trace.</summary>
public sealed class DamagedImageVerbTests(DamageBases bases) : IClassFixture<DamageBases>
{
    public static TheoryData<string> Cases => new(DamagedImageCorpus.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_ls_verb_exits_2_on_a_damaged_image(string name)
    {
        var c = DamagedImageCorpus.All.Single(x => x.Name == name);
        using var temp = new TempDirectory("ig-dmgcli");
        var file = temp.Combine("case" + Path.GetExtension(c.Base));
        File.Copy(bases[c.Base], file);
        c.Damage(file, bases);
        // ls -R reads all metadata; damage only in file content is caught by cat (the DiskImages tests read all content)
        var ls = await CliRunner.RunAsync(["ls", file, "/", "--recursive"]);
        if (ls.ExitCode == 0)
        {
            var files = ls.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var codes = new List<int>();
            foreach (var f in new[] { "/frag.bin", "/data.bin", "/etc/os-release" }.Where(files.Contains))
                codes.Add((await CliRunner.RunAsync(["cat", file, f])).ExitCode);
            Assert.Contains(2, codes);
            return;
        }
        Assert.Equal(2, ls.ExitCode);
        Assert.Contains("case", ls.StandardError);
        Assert.DoesNotContain("   at ", ls.StandardError); // no stack trace
    }

    [Fact]
    public async Task A_symlink_loop_inside_the_image_is_bad_input_for_cat()
    {
        var r = await CliRunner.RunAsync(["cat", bases["gpt.raw"], "/loop-a"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("symbolic links", r.StandardError);
    }
}
