namespace ImageGate.Patches.Versions;

/// <summary>Version ordering exactly as rpm: <c>rpmvercmp</c> segments with <c>~</c> (sorts before anything) and
/// <c>^</c> (sorts after the base but before any further segment), and EVR comparison (epoch, version, release).</summary>
public static class RpmVersion
{
    /// <summary>Compares two EVR strings (<c>[epoch:]version[-release]</c>): negative when <paramref name="a"/> is older.
    /// A missing epoch is 0; when one side has no release only the versions are compared.</summary>
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (ea, va, ra) = Parse(a);
        var (eb, vb, rb) = Parse(b);
        return Compare(ea, va, ra, eb, vb, rb);
    }

    /// <summary>Compares two parsed EVRs (epoch null or empty means 0; release null means "any").</summary>
    public static int Compare(string? epochA, string versionA, string? releaseA, string? epochB, string versionB, string? releaseB)
    {
        var c = DebianVersion.CompareNumber(string.IsNullOrEmpty(epochA) ? "0" : epochA, string.IsNullOrEmpty(epochB) ? "0" : epochB);
        if (c != 0) return c;
        c = VerCmp(versionA, versionB);
        if (c != 0 || releaseA is null || releaseB is null) return c;
        return VerCmp(releaseA, releaseB);
    }

    /// <summary>Splits an EVR string into epoch (null when absent), version and release (null when absent).</summary>
    public static (string? Epoch, string Version, string? Release) Parse(string evr)
    {
        ArgumentNullException.ThrowIfNull(evr);
        string? epoch = null;
        var s = evr.Trim();
        var colon = s.IndexOf(':');
        if (colon >= 0 && s[..colon].All(char.IsAsciiDigit))
        {
            epoch = s[..colon];
            s = s[(colon + 1)..];
        }
        var dash = s.LastIndexOf('-');
        return dash >= 0 ? (epoch, s[..dash], s[(dash + 1)..]) : (epoch, s, null);
    }

    /// <summary><c>rpmvercmp</c>: compares one version (or release) string segment by segment.</summary>
    public static int VerCmp(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a == b) return 0;
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && !char.IsAsciiLetterOrDigit(a[i]) && a[i] != '~' && a[i] != '^') i++;
            while (j < b.Length && !char.IsAsciiLetterOrDigit(b[j]) && b[j] != '~' && b[j] != '^') j++;

            var ca = i < a.Length ? a[i] : '\0';
            var cb = j < b.Length ? b[j] : '\0';
            if (ca == '~' || cb == '~')
            {
                if (ca != '~') return 1;
                if (cb != '~') return -1;
                i++;
                j++;
                continue;
            }
            if (ca == '^' || cb == '^')
            {
                if (i >= a.Length) return -1;
                if (j >= b.Length) return 1;
                if (ca != '^') return 1;
                if (cb != '^') return -1;
                i++;
                j++;
                continue;
            }
            if (i >= a.Length || j >= b.Length) break;

            int si = i, sj = j;
            bool isNum;
            if (char.IsAsciiDigit(a[i]))
            {
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                isNum = true;
            }
            else
            {
                while (i < a.Length && char.IsAsciiLetter(a[i])) i++;
                while (j < b.Length && char.IsAsciiLetter(b[j])) j++;
                isNum = false;
            }
            if (sj == j) return isNum ? 1 : -1;
            int c;
            if (isNum) c = DebianVersion.CompareNumber(a.AsSpan(si, i - si), b.AsSpan(sj, j - sj));
            else
            {
                c = a.AsSpan(si, i - si).SequenceCompareTo(b.AsSpan(sj, j - sj));
                c = c < 0 ? -1 : c > 0 ? 1 : 0;
            }
            if (c != 0) return c;
        }
        if (i >= a.Length && j >= b.Length) return 0;
        return i >= a.Length ? -1 : 1;
    }
}
