using System.Text;
using ImageGate.Patches.Versions;
using ImageGate.Testing;

namespace ImageGate.Patches.Tests.Versions;

public class DebianVersionTests
{
    // Vectors from dpkg's documented rules (deb-version(7)) and its own test suite's classic cases.
    [Theory]
    [InlineData("1.0", "1.0", 0)]
    [InlineData("1.0", "1.0-0", 0)]
    [InlineData("0:1.0", "1.0", 0)]
    [InlineData("1:1.0", "2.0", 1)]
    [InlineData("1.0~rc1", "1.0", -1)]
    [InlineData("1.0~~", "1.0~~a", -1)]
    [InlineData("1.0~~a", "1.0~", -1)]
    [InlineData("1.0~", "1.0", -1)]
    [InlineData("1.0", "1.0a", -1)]
    [InlineData("1.0a", "1.0+", -1)]
    [InlineData("1.0+", "1.0.", -1)]
    [InlineData("1.0.", "1.0-", 1)]
    [InlineData("1.10", "1.9", 1)]
    [InlineData("1.001", "1.1", 0)]
    [InlineData("2.30-1", "2.30-1+deb12u1", -1)]
    [InlineData("5.36.0-7+deb12u3", "5.36.0-7+deb12u4", -1)]
    [InlineData("10.42-1", "10.42-1+deb12u2", -1)]
    [InlineData("3.0.15-1~deb12u1", "3.0.15-1", -1)]
    [InlineData("1.2-3-4", "1.2-3-5", -1)]
    [InlineData("99999999999999999999999.1", "99999999999999999999998.9", 1)]
    [InlineData("2026b-0+deb12u1", "2026f-0+deb12u1", -1)]
    [InlineData("a", "A", 1)]
    public void Compares_as_dpkg_documents(string a, string b, int expected)
    {
        Assert.Equal(expected, Math.Sign(DebianVersion.Compare(a, b)));
        Assert.Equal(-expected, Math.Sign(DebianVersion.Compare(b, a)));
    }

    [Fact]
    public void Agrees_with_dpkg_compare_versions_on_generated_pairs()
    {
        // The real dpkg binary, one process per pair (forks are slow on a busy machine: a seeded sample).
        ExternalProcess.Require("dpkg");
        var pairs = Pairs(seed: 20261122, count: 150);
        const string script = """
            while IFS="$(printf '\t')" read -r a b; do
              if dpkg --compare-versions "$a" lt "$b"; then echo -1
              elif dpkg --compare-versions "$a" eq "$b"; then echo 0
              else echo 1; fi
            done < "$1"
            """;
        AssertAgreement(pairs, "dpkg", input => ExternalProcess.Run("bash", ["-c", script, "bash", input], timeout: TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public void Agrees_with_dpkgs_own_perl_implementation_on_thousands_of_generated_pairs()
    {
        // Dpkg::Version (libdpkg-perl, from the dpkg source) in one process for thousands of seeded pairs.
        ExternalProcess.Require("perl");
        var pairs = Pairs(seed: 7, count: 5000);
        const string script = "use Dpkg::Version; while (<>) { chomp; my ($a, $b) = split /\\t/; print version_compare($a, $b), \"\\n\"; }";
        AssertAgreement(pairs, "Dpkg::Version", input => ExternalProcess.Run("perl", ["-e", script, input], timeout: TimeSpan.FromMinutes(2)));
    }

    private static List<(string A, string B)> Pairs(int seed, int count)
    {
        var random = new Random(seed);
        var pairs = new List<(string A, string B)>();
        for (var i = 0; i < count; i++)
        {
            var a = Generate(random);
            var b = random.Next(3) == 0 ? Generate(random) : Mutate(a, random);
            pairs.Add((a, b));
        }
        return pairs;
    }

    private static void AssertAgreement(List<(string A, string B)> pairs, string oracle, Func<string, ProcessResult> run)
    {
        using var dir = new TempDirectory();
        var input = dir.Combine("pairs.tsv");
        File.WriteAllText(input, string.Join("\n", pairs.Select(p => $"{p.A}\t{p.B}")) + "\n");
        var result = run(input);
        Assert.True(result.ExitCode == 0, result.StandardError);
        var answers = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(pairs.Count, answers.Length);
        var mismatches = new StringBuilder();
        var distinct = new HashSet<int>();
        for (var i = 0; i < pairs.Count; i++)
        {
            var expected = Math.Sign(int.Parse(answers[i], System.Globalization.CultureInfo.InvariantCulture));
            distinct.Add(expected);
            var actual = Math.Sign(DebianVersion.Compare(pairs[i].A, pairs[i].B));
            if (actual != expected) mismatches.AppendLine($"{pairs[i].A} vs {pairs[i].B}: {oracle} {expected}, ours {actual}");
        }
        Assert.True(mismatches.Length == 0, mismatches.ToString());
        Assert.Equal(3, distinct.Count); // the generator exercises less, equal and greater
        Assert.Contains(pairs, p => p.A.Contains('~') || p.B.Contains('~'));
    }

    private const string UpstreamChars = "0123456789abzAZ.+~";
    private const string RevisionChars = "0123456789abz.+~";

    internal static string Generate(Random r)
    {
        var sb = new StringBuilder();
        if (r.Next(5) == 0) sb.Append(r.Next(3)).Append(':');
        sb.Append((char)('0' + r.Next(10)));
        var len = r.Next(0, 7);
        for (var i = 0; i < len; i++) sb.Append(UpstreamChars[r.Next(UpstreamChars.Length)]);
        if (r.Next(3) > 0)
        {
            sb.Append('-');
            var rl = r.Next(1, 5);
            for (var i = 0; i < rl; i++) sb.Append(RevisionChars[r.Next(RevisionChars.Length)]);
        }
        return sb.ToString();
    }

    internal static string Mutate(string v, Random r)
    {
        var chars = v.ToCharArray().ToList();
        var colon = v.IndexOf(':');
        var dash = v.LastIndexOf('-');
        // Change one character inside upstream or revision (never the first upstream digit, ':' or '-').
        for (var tries = 0; tries < 10; tries++)
        {
            var pos = r.Next(chars.Count + 1);
            if (pos <= colon + 1 || pos == dash || (pos > 0 && pos - 1 == dash) || (colon >= 0 && pos == colon)) continue;
            var set = dash >= 0 && pos > dash ? RevisionChars : UpstreamChars;
            switch (r.Next(3))
            {
                case 0: chars.Insert(pos, set[r.Next(set.Length)]); break;
                case 1 when pos < chars.Count && chars[pos] is not ('-' or ':'): chars[pos] = set[r.Next(set.Length)]; break;
                case 2 when pos < chars.Count && chars[pos] is not ('-' or ':'): chars.RemoveAt(pos); break;
                default: continue;
            }
            var s = new string(chars.ToArray());
            var d = s.LastIndexOf('-');
            if (d >= 0 && d == s.Length - 1) continue;
            return s;
        }
        return v;
    }
}
