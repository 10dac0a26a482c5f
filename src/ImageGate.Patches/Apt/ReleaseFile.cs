using System.Globalization;
using ImageGate.Core.Errors;

namespace ImageGate.Patches.Apt;

/// <summary>The fields of an apt <c>Release</c>/<c>InRelease</c> file that a patch check needs.</summary>
internal sealed record ReleaseFile(string? Origin, string? Label, string? Suite, string? Codename, DateTimeOffset? Date,
    DateTimeOffset? ValidUntil, bool AcquireByHash, IReadOnlyDictionary<string, (string Sha256, long Size)> Sha256)
{
    public static ReleaseFile Parse(string text, string what)
    {
        var stanzas = Deb822.Parse(text, what);
        if (stanzas.Count == 0) throw new BadInputException("empty Release file", what);
        var f = stanzas[0];
        string? Get(string k) => f.TryGetValue(k, out var v) ? v.Trim() : null;
        var files = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        if (f.TryGetValue("SHA256", out var list))
        {
            foreach (var line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (p.Length != 3 || p[0].Length != 64 || !long.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                    throw new BadInputException($"malformed SHA256 line '{line}'", what);
                files[p[2]] = (p[0].ToLowerInvariant(), size);
            }
        }
        return new ReleaseFile(Get("Origin"), Get("Label"), Get("Suite"), Get("Codename"),
            ParseDate(Get("Date"), what), ParseDate(Get("Valid-Until"), what),
            string.Equals(Get("Acquire-By-Hash"), "yes", StringComparison.OrdinalIgnoreCase), files);
    }

    /// <summary>RFC 2822 dates as apt writes them (<c>Sat, 21 Nov 2026 00:53:02 UTC</c>).</summary>
    internal static DateTimeOffset? ParseDate(string? s, string what)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        var t = s.Trim().Replace(" UTC", " +0000", StringComparison.Ordinal).Replace(" GMT", " +0000", StringComparison.Ordinal).Replace(" Z", " +0000", StringComparison.Ordinal);
        string[] formats = ["ddd, d MMM yyyy HH:mm:ss zzz", "ddd, dd MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm:ss zzz"];
        t = System.Text.RegularExpressions.Regex.Replace(t, @"([+-]\d\d)(\d\d)$", "$1:$2");
        if (DateTimeOffset.TryParseExact(t, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var d)) return d;
        throw new BadInputException($"unreadable date '{s}'", what);
    }
}
