using System.Text;
using System.Text.RegularExpressions;
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

    [Theory]
    [InlineData("/**/x", "/x", true)]
    [InlineData("/**/x", "/a/b/x", true)]
    [InlineData("/**/x", "/ax", false)]
    [InlineData("/a/**", "/a/", true)]
    [InlineData("/a/**", "/a", false)]
    [InlineData("/a/**/b", "/a/b", true)]
    [InlineData("/a/**/b", "/a/x/y/b", true)]
    [InlineData("/a/*", "/a/b/c", false)]
    [InlineData("/a/?", "/a//", false)]
    [InlineData("/a/**", "/a/x\ny", false)]
    [InlineData("/a/*", "/a/x\ny", true)]
    public void Double_stars_cross_components_and_single_ones_do_not(string pattern, string path, bool matches) =>
        Assert.Equal(matches, new PathGlob(pattern).IsMatch(path));

    [Fact]
    public void Matching_agrees_with_the_regular_expression_the_pattern_reads_as()
    {
        // The specification, kept here: the pattern as a .NET regular expression.
        static Regex Reference(string pattern)
        {
            var sb = new StringBuilder(@"\A");
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/') { i++; sb.Append("(?:.*/)?"); }
                    else sb.Append(".*");
                }
                else if (c == '*') sb.Append("[^/]*");
                else if (c == '?') sb.Append("[^/]");
                else sb.Append(Regex.Escape(c.ToString()));
            }
            return new Regex(sb.Append(@"\z").ToString(), RegexOptions.CultureInvariant);
        }
        var random = new Random(19);
        const string patternChars = "ab/*?.\n";
        const string pathChars = "ab/.\n*";
        var checkedPairs = 0;
        for (var p = 0; p < 3000; p++)
        {
            var pattern = "/" + new string(Enumerable.Range(0, random.Next(0, 9)).Select(_ => patternChars[random.Next(patternChars.Length)]).ToArray());
            var glob = new PathGlob(pattern);
            var reference = Reference(pattern);
            for (var q = 0; q < 20; q++)
            {
                var path = "/" + new string(Enumerable.Range(0, random.Next(0, 10)).Select(_ => pathChars[random.Next(pathChars.Length)]).ToArray());
                Assert.True(reference.IsMatch(path) == glob.IsMatch(path), $"pattern {Escape(pattern)} path {Escape(path)}");
                checkedPairs++;
            }
        }
        Assert.Equal(60_000, checkedPairs);
    }

    private static string Escape(string s) => s.Replace("\n", "\\n", StringComparison.Ordinal);
}
