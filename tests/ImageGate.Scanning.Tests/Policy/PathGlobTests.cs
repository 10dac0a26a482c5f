using ImageGate.Scanning.Policy;

namespace ImageGate.Scanning.Tests.Policy;

public sealed class PathGlobTests
{
    [Theory]
    [InlineData("/etc/shadow", "/etc/shadow", true)]
    [InlineData("/home/*/.ssh/id_*", "/home/alice/.ssh/id_rsa", true)]
    [InlineData("/proc/**", "/proc/1/environ", true)]
    [InlineData("/home/*/.ssh/id_*", "/home/a/b/.ssh/id_rsa", false)]
    public void Globs_match_whole_paths(string pattern, string path, bool matches) =>
        Assert.Equal(matches, new PathGlob(pattern).IsMatch(path));

    [Theory]
    [InlineData("/etc/shadow", "/etc/shadow\n")]
    [InlineData("/home/*/.ssh/id_rsa", "/home/alice/.ssh/id_rsa\n")]
    public void A_path_with_a_trailing_newline_is_another_file(string pattern, string path) =>
        Assert.False(new PathGlob(pattern).IsMatch(path));
}
