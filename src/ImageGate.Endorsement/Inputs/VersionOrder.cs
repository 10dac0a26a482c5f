namespace ImageGate.Endorsement.Inputs;

/// <summary>A distribution-neutral version ordering for the PR's package diff and for breaking ties between image
/// versions endorsed in the same second (<c>publish --registry-sync</c>) (epoch, then alternating digit and non-digit
/// runs, '~' sorting first as in dpkg and rpm). Security decisions use ImageGate.Patches.</summary>
public static class VersionOrder
{
    /// <summary>Compares two version strings: negative when <paramref name="a"/> is older, 0 when equal, positive when newer.</summary>
    public static int Compare(string a, string b)
    {
        var (ea, ra) = SplitEpoch(a);
        var (eb, rb) = SplitEpoch(b);
        if (ea != eb) return ea.CompareTo(eb);
        int i = 0, j = 0;
        while (i < ra.Length || j < rb.Length)
        {
            // non-digit run
            while ((i < ra.Length && !char.IsAsciiDigit(ra[i])) || (j < rb.Length && !char.IsAsciiDigit(rb[j])))
            {
                int ca = i < ra.Length && !char.IsAsciiDigit(ra[i]) ? Weight(ra[i]) : 0;
                int cb = j < rb.Length && !char.IsAsciiDigit(rb[j]) ? Weight(rb[j]) : 0;
                if (ca != cb) return ca.CompareTo(cb);
                if (i < ra.Length && !char.IsAsciiDigit(ra[i])) i++;
                if (j < rb.Length && !char.IsAsciiDigit(rb[j])) j++;
            }
            int si = i, sj = j;
            while (i < ra.Length && char.IsAsciiDigit(ra[i])) i++;
            while (j < rb.Length && char.IsAsciiDigit(rb[j])) j++;
            var na = ra[si..i].TrimStart('0');
            var nb = rb[sj..j].TrimStart('0');
            if (na.Length != nb.Length) return na.Length.CompareTo(nb.Length);
            var c = string.CompareOrdinal(na, nb);
            if (c != 0) return c;
        }
        return 0;
    }

    private static int Weight(char c) => c == '~' ? -1 : char.IsAsciiLetter(c) ? c : c + 256;

    private static (long Epoch, string Remainder) SplitEpoch(string v)
    {
        var colon = v.IndexOf(':');
        return colon > 0 && long.TryParse(v.AsSpan(0, colon), out var e) ? (e, v[(colon + 1)..]) : (0, v);
    }
}
