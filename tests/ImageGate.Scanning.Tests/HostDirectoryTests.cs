using ImageGate.DiskImages;
using ImageGate.DiskImages.FileSystems.Host;
using ImageGate.Testing;

namespace ImageGate.Scanning.Tests;

public sealed class HostDirectoryTests
{
    [Fact]
    public void Symlinks_are_never_followed_out_of_the_root()
    {
        using var tmp = new TempDirectory();
        Directory.CreateDirectory(tmp.Combine("etc"));
        File.WriteAllText(tmp.Combine("etc", "inside"), "inside");
        File.CreateSymbolicLink(tmp.Combine("escape"), "/");
        File.CreateSymbolicLink(tmp.Combine("etc", "abs"), "/etc/inside");
        using var fs = new HostDirectoryFileSystem(tmp.Path);
        var walked = fs.Walk().Select(e => e.Path).ToList();
        Assert.Equal(["/", "/escape", "/etc", "/etc/abs", "/etc/inside"], walked);
        Assert.Equal(EntryKind.Symlink, fs.GetEntry("/escape")!.Kind);
        Assert.Null(fs.GetEntry("/escape/proc/self")); // "/" inside the tree has no /proc
        Assert.Equal("/etc/inside", FileTree.Resolve(fs, "/etc/abs")!.Path);
        Assert.Equal("/etc/inside", fs.GetEntry("/escape/etc/inside")!.Path);
    }

    [Fact]
    public void Modes_and_owners_are_the_real_ones()
    {
        using var fs = new HostDirectoryFileSystem(Fixtures.Path("planted"));
        var shadow = fs.GetEntry("/etc/shadow")!;
        Assert.Equal(EntryKind.File, shadow.Kind);
        Assert.Equal(0, shadow.Uid);
        var alice = fs.GetEntry("/home/alice/.netrc")!;
        Assert.Equal(1000, alice.Uid);
        Assert.Equal(1000, alice.Gid);
        var sh = fs.GetEntry("/bin")!;
        Assert.Equal(EntryKind.Symlink, sh.Kind);
        Assert.Equal("usr/bin", sh.LinkTarget);
    }
}
