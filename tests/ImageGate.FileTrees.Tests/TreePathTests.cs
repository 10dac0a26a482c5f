using ImageGate.Core.Errors;

namespace ImageGate.FileTrees.Tests;

/// <summary>The one resolver every file tree uses: symlinks stay inside the tree, one symlink limit.</summary>
public sealed class TreePathTests
{
    [Fact]
    public void An_absolute_symlink_target_is_taken_from_the_trees_root()
    {
        var tree = new MemoryTree().Dir("/etc").File("/etc/os-release").Dir("/usr").Link("/usr/etc", "/etc");
        var found = TreePath.Resolve("/usr/etc/os-release", tree.Raw, followLast: false);
        Assert.Equal(TreeLookupStatus.Found, found.Status);
        Assert.Equal("/etc/os-release", found.Path);
    }

    [Fact]
    public void Dot_dot_after_a_symlink_goes_to_the_targets_parent_and_stops_at_the_root()
    {
        var tree = new MemoryTree().Dir("/a").Dir("/a/b").File("/a/x").Link("/l", "a/b");
        Assert.Equal("/a/x", TreePath.Resolve("/l/../x", tree.Raw, followLast: false).Path);
        Assert.Equal("/a/x", TreePath.Resolve("/../../a/x", tree.Raw, followLast: false).Path);
    }

    [Fact]
    public void Forty_symlinks_resolve_and_the_forty_first_is_too_many()
    {
        var tree = new MemoryTree().File("/f").Link("/l0", "/f");
        for (var i = 1; i <= TreePath.MaxSymlinks; i++) tree.Link($"/l{i}", $"l{i - 1}");
        Assert.Equal(40, TreePath.MaxSymlinks);
        Assert.Equal("/f", TreePath.Resolve($"/l{TreePath.MaxSymlinks - 1}", tree.Raw, followLast: true).Path);
        Assert.Equal(TreeLookupStatus.TooManySymlinks, TreePath.Resolve($"/l{TreePath.MaxSymlinks}", tree.Raw, followLast: true).Status);
    }

    [Fact]
    public void A_symlink_loop_is_too_many_symlinks_and_a_dangling_link_is_missing()
    {
        var tree = new MemoryTree().Link("/a", "b").Link("/b", "a").Link("/d", "/nowhere");
        Assert.Equal(TreeLookupStatus.TooManySymlinks, TreePath.Resolve("/a", tree.Raw, followLast: true).Status);
        Assert.Equal(TreeLookupStatus.Missing, TreePath.Resolve("/d", tree.Raw, followLast: true).Status);
        var unfollowed = TreePath.Resolve("/d", tree.Raw, followLast: false);
        Assert.Equal(EntryKind.Symlink, unfollowed.Node?.Kind);
    }

    [Fact]
    public void A_file_used_as_a_directory_is_missing()
    {
        var tree = new MemoryTree().File("/f");
        Assert.Equal(TreeLookupStatus.Missing, TreePath.Resolve("/f/x", tree.Raw, followLast: false).Status);
        Assert.Equal(TreeLookupStatus.Missing, TreePath.Resolve("/f/..", tree.Raw, followLast: false).Status);
    }

    [Fact]
    public void A_tree_of_inodes_resolves_with_the_same_rules()
    {
        // nodes that know only their children: the shape ext and XFS resolve over
        var root = new Node();
        var etc = root.Add("etc", new Node());
        var file = etc.Add("hosts", new Node { IsFile = true });
        root.Add("e", new Node { Target = "etc" });
        var found = TreePath.Resolve("/e/hosts", root, (d, n) => d.Children.GetValueOrDefault(n), n => !n.IsFile && n.Target is null, n => n.Target, followLast: true);
        Assert.Same(file, found.Node);
        Assert.Equal("/etc/hosts", found.Path);
    }

    [Fact]
    public void Following_links_over_a_file_system_is_bad_input_for_a_loop_and_null_for_a_dangling_link()
    {
        var tree = new MemoryTree().Dir("/etc").File("/etc/real").Link("/etc/alias", "real").Link("/a", "b").Link("/b", "a").Link("/d", "x");
        Assert.Equal("/etc/real", tree.GetEntryFollowingLinks("/etc/alias")?.Path);
        Assert.Null(tree.GetEntryFollowingLinks("/d"));
        var ex = Assert.Throws<BadInputException>(() => tree.GetEntryFollowingLinks("/a"));
        Assert.Contains("too many levels of symbolic links", ex.Message);
        Assert.Equal(TreeLookupStatus.TooManySymlinks, tree.ResolveEntry("/a", followLast: true).Status);
    }

    private sealed class Node
    {
        public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);

        public bool IsFile { get; init; }

        public string? Target { get; init; }

        public Node Add(string name, Node child)
        {
            Children[name] = child;
            return child;
        }
    }
}
