using System.Security.Cryptography;
using System.Text.Json;
using ImageGate.Testing;

namespace ImageGate.Cli.Tests.Commands.Disk;

/// <summary>The <c>ls</c> and <c>cat</c> verbs through the real command line.</summary>
public sealed class LsCatVerbTests
{
    [Fact]
    public async Task Ls_json_prints_one_array_with_the_documented_fields()
    {
        var r = await CliRunner.RunAsync(["ls", Fixtures.Path("gpt.qcow2"), "/usr/bin", "--json"]);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StandardOutput);
        var items = doc.RootElement.EnumerateArray().ToList();
        Assert.True(items.Count > 100);
        var chfn = items.Single(i => i.GetProperty("path").GetString() == "/usr/bin/chfn");
        Assert.Equal("file", chfn.GetProperty("type").GetString());
        Assert.Equal("4755", chfn.GetProperty("mode").GetString());
        Assert.Equal(0, chfn.GetProperty("uid").GetInt64());
        Assert.Equal(0, chfn.GetProperty("gid").GetInt64());
        Assert.Equal(new FileInfo(Path.Combine(Fixtures.Path("root"), "usr/bin/chfn")).Length, chfn.GetProperty("size").GetInt64());
        Assert.False(chfn.TryGetProperty("target", out _));
        var link = items.First(i => i.GetProperty("type").GetString() == "symlink");
        Assert.False(string.IsNullOrEmpty(link.GetProperty("target").GetString()));
    }

    [Fact]
    public async Task Ls_recursive_json_lists_devices_and_every_path_absolute()
    {
        var r = await CliRunner.RunAsync(["ls", Fixtures.Path("gpt.vhdx"), "/dev", "--recursive", "--json"]);
        Assert.Equal(0, r.ExitCode);
        var items = JsonDocument.Parse(r.StandardOutput).RootElement.EnumerateArray().ToList();
        Assert.All(items, i => Assert.StartsWith("/dev", i.GetProperty("path").GetString()));
        var nul = items.Single(i => i.GetProperty("path").GetString() == "/dev/null");
        Assert.Equal("chardev", nul.GetProperty("type").GetString());
        Assert.Equal("0666", nul.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Ls_long_shows_modes_owners_and_link_targets()
    {
        var r = await CliRunner.RunAsync(["ls", Fixtures.Path("gpt.raw"), "--long"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(r.StandardOutput.Split('\n'), l => l.StartsWith("lrwxrwxrwx", StringComparison.Ordinal) && l.EndsWith("bin -> usr/bin", StringComparison.Ordinal));
        Assert.Contains(r.StandardOutput.Split('\n'), l => l.StartsWith("drwxrwxrwt", StringComparison.Ordinal) && l.EndsWith(" tmp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cat_writes_the_exact_bytes_of_a_file_following_symlinks_inside_the_image()
    {
        var r = await CliRunner.RunAsync(["cat", Fixtures.Path("gpt-compressed.qcow2"), "/bin/bash"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(Path.Combine(Fixtures.Path("root"), "usr/bin/bash"))), SHA256.HashData(r.RawOutput));
    }

    [Fact]
    public async Task Cat_of_a_missing_path_or_a_directory_exits_2()
    {
        var missing = await CliRunner.RunAsync(["cat", Fixtures.Path("gpt.raw"), "/etc/no-such-file"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("/etc/no-such-file", missing.StandardError);
        var dir = await CliRunner.RunAsync(["cat", Fixtures.Path("gpt.raw"), "/etc"]);
        Assert.Equal(2, dir.ExitCode);
        var ls = await CliRunner.RunAsync(["ls", Fixtures.Path("gpt.raw"), "/nope"]);
        Assert.Equal(2, ls.ExitCode);
    }

    [Fact]
    public async Task Partition_selects_a_file_system_and_the_default_is_the_root_with_fstab_mounts()
    {
        var mbr = Fixtures.Path("mbr.raw");
        var root = await CliRunner.RunAsync(["ls", mbr, "/srv/data"]);
        Assert.Equal(0, root.ExitCode);
        Assert.Contains("readme.txt", root.StandardOutput);
        var p5 = await CliRunner.RunAsync(["cat", mbr, "/data/readme.txt", "--partition", "5"]);
        Assert.Equal(0, p5.ExitCode);
        var viaRoot = await CliRunner.RunAsync(["cat", mbr, "/srv/data/readme.txt"]);
        Assert.Equal(p5.RawOutput, viaRoot.RawOutput);
        Assert.NotEmpty(p5.RawOutput);
        var none = await CliRunner.RunAsync(["ls", mbr, "--partition", "9"]);
        Assert.Equal(2, none.ExitCode);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_exits_2()
    {
        using var temp = new TempDirectory("ig-notimg");
        var f = temp.Combine("notes.qcow2");
        File.WriteAllText(f, "just some text, not a disk");
        var r = await CliRunner.RunAsync(["ls", f]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("notes.qcow2", r.StandardError);
        var missing = await CliRunner.RunAsync(["ls", temp.Combine("absent.raw")]);
        Assert.Equal(2, missing.ExitCode);
    }
}
