using System.Text;

namespace ImageGate.Benchmarks;

/// <summary>Realistic-looking synthetic data: version strings shaped like Debian's and EL's.</summary>
public static class Synthetic
{
    private static readonly string[] DebianSuffixes = ["", "+deb12u1", "+deb12u2", "+deb12u7", "~deb12u1", "+b1", "~bpo12+1", "+dfsg"];

    /// <summary>e.g. <c>1:2.36-9+deb12u4</c>, <c>3.0.11-1~deb12u2</c>, <c>252.30-1~deb12u2</c>.</summary>
    public static string DebianVersion(Random random)
    {
        var sb = new StringBuilder();
        if (random.Next(8) == 0) sb.Append(random.Next(1, 3)).Append(':');
        sb.Append(random.Next(0, 40));
        for (var i = random.Next(1, 3); i > 0; i--) sb.Append('.').Append(random.Next(0, 120));
        if (random.Next(6) == 0) sb.Append("~rc").Append(random.Next(1, 4));
        if (random.Next(5) != 0) sb.Append('-').Append(random.Next(1, 12)).Append(DebianSuffixes[random.Next(DebianSuffixes.Length)]);
        return sb.ToString();
    }

    /// <summary>e.g. <c>1:3.0.7-27.el9_4</c>, <c>5.14.0-427.13.1.el9_4</c>.</summary>
    public static string RpmEvr(Random random)
    {
        var sb = new StringBuilder();
        if (random.Next(6) == 0) sb.Append(random.Next(1, 3)).Append(':');
        sb.Append(random.Next(0, 10)).Append('.').Append(random.Next(0, 40)).Append('.').Append(random.Next(0, 500));
        if (random.Next(10) == 0) sb.Append('~').Append("beta").Append(random.Next(1, 3));
        sb.Append('-').Append(random.Next(1, 500)).Append('.').Append(random.Next(0, 20)).Append(".el9");
        if (random.Next(2) == 0) sb.Append('_').Append(random.Next(0, 6));
        return sb.ToString();
    }
}
