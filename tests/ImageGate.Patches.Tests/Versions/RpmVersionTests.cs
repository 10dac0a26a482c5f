using System.Text;
using ImageGate.Patches.Versions;
using ImageGate.Testing;

namespace ImageGate.Patches.Tests.Versions;

public class RpmVersionTests
{
    // Vectors from rpm's own rpmvercmp test suite (tests/rpmvercmp.at) and its documentation of ~ and ^.
    [Theory]
    [InlineData("1.0", "1.0", 0)]
    [InlineData("1.0", "2.0", -1)]
    [InlineData("2.0.1", "2.0.1", 0)]
    [InlineData("2.0", "2.0.1", -1)]
    [InlineData("2.0.1a", "2.0.1", 1)]
    [InlineData("5.5p1", "5.5p10", -1)]
    [InlineData("5.5p10", "5.5p1", 1)]
    [InlineData("10xyz", "10.1xyz", -1)]
    [InlineData("xyz10", "xyz10.1", -1)]
    [InlineData("xyz.4", "8", -1)]
    [InlineData("xyz.4", "2", -1)]
    [InlineData("5.5p2", "5.6p1", -1)]
    [InlineData("6.0.rc1", "6.0", 1)]
    [InlineData("10b2", "10a1", 1)]
    [InlineData("1.0aa", "1.0a", 1)]
    [InlineData("10.0001", "10.1", 0)]
    [InlineData("10.0001", "10.0039", -1)]
    [InlineData("4.999.9", "5.0", -1)]
    [InlineData("20101121", "20101122", -1)]
    [InlineData("2_0", "2_0", 0)]
    [InlineData("2.0", "2_0", 0)]
    [InlineData("a", "a", 0)]
    [InlineData("a+", "a_", 0)]
    [InlineData("+", "_", 0)]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("1.0~rc1", "1.0~rc2", -1)]
    [InlineData("1.0~rc1~git123", "1.0~rc1", -1)]
    [InlineData("1.0^", "1.0", 1)]
    [InlineData("1.0^git1", "1.0", 1)]
    [InlineData("1.0^git1", "1.0^git2", -1)]
    [InlineData("1.0^git1", "1.01", -1)]
    [InlineData("1.0^20160101", "1.0.1", -1)]
    [InlineData("1.0~rc1^git1", "1.0~rc1", 1)]
    [InlineData("1.0^git1~pre", "1.0^git1", -1)]
    public void Vercmp_matches_rpms_test_suite(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(RpmVersion.VerCmp(a, b)));
        Assert.Equal(-expected, Math.Sign(RpmVersion.VerCmp(b, a)));
    }

    [Theory]
    [InlineData("1:1.0-1", "2.0-1", 1)]
    [InlineData("0:1.0-1", "1.0-1", 0)]
    [InlineData("1.0-1.el9", "1.0-1.el9_4", -1)]
    [InlineData("1.0-2", "1.0-10", -1)]
    [InlineData("1.0", "1.0-5", 0)]
    [InlineData("3.0.7-27.el9", "1:3.0.7-24.el9", -1)]
    public void Evr_compares_epoch_version_then_release(string a, string b, int expected) =>
        Assert.Equal(expected, Math.Sign(RpmVersion.Compare(a, b)));

    [Fact]
    public void Agrees_with_rpm_vercmp_on_generated_pairs()
    {
        ExternalProcess.Require("rpm");
        var random = new Random(4181);
        var pairs = new List<(string A, string B)>();
        for (var i = 0; i < 5000; i++)
        {
            var a = Generate(random);
            var b = random.Next(3) == 0 ? Generate(random) : Mutate(a, random);
            pairs.Add((a, b));
        }
        using var dir = new TempDirectory();
        var input = dir.Combine("pairs.tsv");
        File.WriteAllText(input, string.Join("\n", pairs.Select(p => $"{p.A}\t{p.B}")) + "\n");
        // One rpm process: its embedded Lua calls rpm.vercmp (EVR comparison) for every pair.
        var lua = $"%{{lua: for line in io.lines('{input}') do local a, b = line:match('^([^\\t]*)\\t(.*)$'); io.write(rpm.vercmp(a, b), '\\n') end}}";
        var result = ExternalProcess.Run("rpm", ["--eval", lua], timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, result.StandardError);
        var answers = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pairs.Count, answers.Length);
        var mismatches = new StringBuilder();
        var distinct = new HashSet<int>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var expected = Math.Sign(int.Parse(answers[i], System.Globalization.CultureInfo.InvariantCulture));
            distinct.Add(expected);
            var actual = Math.Sign(RpmVersion.Compare(pairs[i].A, pairs[i].B));
            if (actual != expected) mismatches.AppendLine($"{pairs[i].A} vs {pairs[i].B}: rpm {expected}, ours {actual}");
        }
        Assert.True(mismatches.Length == 0, mismatches.ToString());
        Assert.Equal(3, distinct.Count);
        Assert.Contains(pairs, p => p.A.Contains('^') || p.B.Contains('^'));
    }

    private const string Chars = "0123456789abzZ._+~^";

    private static string Part(Random r, int max)
    {
        var sb = new StringBuilder();
        var len = r.Next(1, max);
        for (var i = 0; i < len; i++) sb.Append(Chars[r.Next(Chars.Length)]);
        return sb.ToString();
    }

    private static string Generate(Random r)
    {
        var sb = new StringBuilder();
        if (r.Next(5) == 0) sb.Append(r.Next(3)).Append(':');
        sb.Append(r.Next(10)).Append(Part(r, 7));
        if (r.Next(6) > 0) sb.Append('-').Append(Part(r, 5));
        return sb.ToString();
    }

    private static string Mutate(string v, Random r)
    {
        var chars = v.ToCharArray().ToList();
        for (var tries = 0; tries < 10; tries++)
        {
            var pos = r.Next(1, chars.Count + 1);
            if (pos < chars.Count && chars[pos] is '-' or ':') continue;
            if (chars.Take(pos).Contains(':') is false && v.Contains(':')) continue;
            switch (r.Next(3))
            {
                case 0: chars.Insert(pos, Chars[r.Next(Chars.Length)]); break;
                case 1 when pos < chars.Count: chars[pos] = Chars[r.Next(Chars.Length)]; break;
                case 2 when pos < chars.Count: chars.RemoveAt(pos); break;
                default: continue;
            }
            var s = new string(chars.ToArray());
            if (s.EndsWith('-')) continue;
            return s;
        }
        return v;
    }
}
