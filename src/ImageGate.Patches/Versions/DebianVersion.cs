namespace ImageGate.Patches.Versions;

/// <summary>Version ordering exactly as dpkg: epoch, upstream version, Debian revision; <c>~</c> sorts before
/// everything, letters before non-letters, digit runs compared as numbers.</summary>
public static class DebianVersion
{
    /// <summary>Compares two dpkg versions: negative when <paramref name="a"/> is older, 0 when equal, positive when newer.</summary>
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Compare(a.AsSpan(), b.AsSpan());
    }

    /// <summary>Compares two dpkg versions given as spans.</summary>
    public static int Compare(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.Trim();
        b = b.Trim();
        Split(a, out var ea, out var ua, out var ra);
        Split(b, out var eb, out var ub, out var rb);
        var c = CompareNumber(ea, eb);
        if (c != 0) return c;
        c = VerRevCmp(ua, ub);
        if (c != 0) return c;
        return VerRevCmp(ra, rb);
    }

    private static void Split(ReadOnlySpan<char> v, out ReadOnlySpan<char> epoch, out ReadOnlySpan<char> upstream, out ReadOnlySpan<char> revision)
    {
        var colon = v.IndexOf(':');
        if (colon >= 0)
        {
            epoch = v[..colon];
            v = v[(colon + 1)..];
        }
        else epoch = "0";
        var dash = v.LastIndexOf('-');
        if (dash >= 0)
        {
            upstream = v[..dash];
            revision = v[(dash + 1)..];
        }
        else
        {
            upstream = v;
            revision = "";
        }
    }

    private static int Order(char c)
    {
        if (char.IsAsciiDigit(c)) return 0;
        if (char.IsAsciiLetter(c)) return c;
        if (c == '~') return -1;
        return c + 256;
    }

    private static int VerRevCmp(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var ac = i < a.Length ? Order(a[i]) : 0;
                var bc = j < b.Length ? Order(b[j]) : 0;
                if (ac != bc) return ac - bc;
                i++;
                j++;
            }
            var si = i;
            while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
            var sj = j;
            while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
            var c = CompareNumber(a[si..Math.Min(i, a.Length)], b[sj..Math.Min(j, b.Length)]);
            if (c != 0) return c;
        }
        return 0;
    }

    /// <summary>Compares two runs of ASCII digits numerically, whatever their length.</summary>
    internal static int CompareNumber(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        if (a.Length != b.Length) return a.Length < b.Length ? -1 : 1;
        var c = a.SequenceCompareTo(b);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
}
