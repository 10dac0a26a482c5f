using ImageGate.DiskImages;
using ImageGate.DiskImages.FileSystems.Host;
using ImageGate.FileTrees;
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

public sealed class TarFileSystemTests
{
    [Fact]
    public void Hard_links_share_content_and_missing_parents_are_made_and_dot_dot_stays_inside()
    {
        using var tmp = new TempDirectory();
        var archive = tmp.Combine("t.tar");
        using (var w = new System.Formats.Tar.TarWriter(File.Create(archive)))
        {
            w.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "./a/b/file") { DataStream = new MemoryStream("hello"u8.ToArray()), Uid = 7 });
            w.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.HardLink, "./a/link") { LinkName = "./a/b/file" });
            w.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.SymbolicLink, "./up") { LinkName = "../../../a" });
            w.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "../../escape") { DataStream = new MemoryStream("x"u8.ToArray()) });
        }
        using var fs = new ImageGate.DiskImages.FileSystems.Tar.TarFileSystem(archive);
        Assert.Equal(["/", "/a", "/a/b", "/a/b/file", "/a/link", "/escape", "/up"], fs.Walk().Select(e => e.Path));
        var link = fs.GetEntry("/a/link")!;
        Assert.Equal(fs.GetEntry("/a/b/file")!.NodeId, link.NodeId);
        using (var r = new StreamReader(fs.OpenRead(link))) Assert.Equal("hello", r.ReadToEnd());
        Assert.Equal(7, link.Uid);
        Assert.Equal("/a/b/file", fs.GetEntry("/up/b/file")!.Path);
    }

    [Fact]
    public void A_path_with_very_many_components_is_bad_input_not_a_crash()
    {
        using var tmp = new TempDirectory();
        var archive = tmp.Combine("deep.tar");
        using (var w = new System.Formats.Tar.TarWriter(File.Create(archive)))
            w.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, string.Concat(Enumerable.Repeat("a/", 50_000)) + "f") { DataStream = new MemoryStream([1]) });
        Assert.Throws<ImageGate.Core.Errors.BadInputException>(() => new ImageGate.DiskImages.FileSystems.Tar.TarFileSystem(archive));
    }
}
