using System.Text;
using ImageGate.FileTrees;

namespace ImageGate.Scanning.Inventory;

/// <summary>Licences from Debian machine-readable copyright files (DEP-5), as an SPDX expression. Short names map to
/// SPDX ids where one exists; others become <c>LicenseRef-…</c>; an unreadable or free-form file gives null.</summary>
public static class CopyrightLicenses
{
    private static readonly Dictionary<string, string> Spdx = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GPL-1"] = "GPL-1.0-only", ["GPL-1+"] = "GPL-1.0-or-later", ["GPL-2"] = "GPL-2.0-only", ["GPL-2+"] = "GPL-2.0-or-later",
        ["GPL-3"] = "GPL-3.0-only", ["GPL-3+"] = "GPL-3.0-or-later", ["GPL"] = "GPL-1.0-or-later",
        ["LGPL-2"] = "LGPL-2.0-only", ["LGPL-2+"] = "LGPL-2.0-or-later", ["LGPL-2.1"] = "LGPL-2.1-only", ["LGPL-2.1+"] = "LGPL-2.1-or-later",
        ["LGPL-3"] = "LGPL-3.0-only", ["LGPL-3+"] = "LGPL-3.0-or-later", ["AGPL-3"] = "AGPL-3.0-only", ["AGPL-3+"] = "AGPL-3.0-or-later",
        ["GFDL-1.2"] = "GFDL-1.2-only", ["GFDL-1.2+"] = "GFDL-1.2-or-later", ["GFDL-1.3"] = "GFDL-1.3-only", ["GFDL-1.3+"] = "GFDL-1.3-or-later",
        ["BSD-2-clause"] = "BSD-2-Clause", ["BSD-3-clause"] = "BSD-3-Clause", ["BSD-4-clause"] = "BSD-4-Clause",
        ["Expat"] = "MIT", ["MIT"] = "MIT", ["X11"] = "X11", ["ISC"] = "ISC", ["Zlib"] = "Zlib", ["Apache-2.0"] = "Apache-2.0", ["Apache-2"] = "Apache-2.0",
        ["Artistic"] = "Artistic-1.0-Perl", ["Artistic-1.0"] = "Artistic-1.0", ["Artistic-2.0"] = "Artistic-2.0",
        ["MPL-1.1"] = "MPL-1.1", ["MPL-2.0"] = "MPL-2.0", ["CC0-1.0"] = "CC0-1.0", ["CC0"] = "CC0-1.0", ["curl"] = "curl", ["OpenSSL"] = "OpenSSL",
        ["FSFAP"] = "FSFAP", ["FSFUL"] = "FSFUL", ["FSFULLR"] = "FSFULLR", ["PSF-2"] = "PSF-2.0", ["Python-2.0"] = "Python-2.0",
        ["Unicode-DFS-2016"] = "Unicode-DFS-2016", ["WTFPL"] = "WTFPL", ["0BSD"] = "0BSD", ["BSL-1.0"] = "BSL-1.0", ["Beerware"] = "Beerware",
        ["CC-BY-3.0"] = "CC-BY-3.0", ["CC-BY-4.0"] = "CC-BY-4.0", ["CC-BY-SA-3.0"] = "CC-BY-SA-3.0", ["CC-BY-SA-4.0"] = "CC-BY-SA-4.0",
        ["EPL-1.0"] = "EPL-1.0", ["EPL-2.0"] = "EPL-2.0", ["ICU"] = "ICU", ["Libpng"] = "Libpng", ["libpng"] = "Libpng", ["Sleepycat"] = "Sleepycat",
        ["TCL"] = "TCL", ["Unlicense"] = "Unlicense", ["W3C"] = "W3C", ["PostgreSQL"] = "PostgreSQL", ["OFL-1.1"] = "OFL-1.1",
    };

    private static readonly HashSet<string> SpdxIds = new(Spdx.Values, StringComparer.Ordinal);

    /// <summary>The licence expression of a Debian package, or null.</summary>
    public static string? ForDebianPackage(IFileSystem fs, string package)
    {
        ArgumentNullException.ThrowIfNull(fs);
        var text = FileTree.ReadText(fs, $"/usr/share/doc/{package}/copyright");
        return text is null ? null : FromDep5(text);
    }

    /// <summary>The licences of a DEP-5 copyright file as an SPDX expression, or null when the file is not machine-readable:
    /// each Files paragraph's <c>License:</c> keeps its choice (<c>GPL-2+ or Artistic</c> → <c>GPL-2.0-or-later OR
    /// Artistic-1.0-Perl</c>); the distinct paragraph expressions are joined with AND.</summary>
    public static string? FromDep5(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var firstLine = text.Split('\n', 2)[0];
        if (!firstLine.StartsWith("Format:", StringComparison.OrdinalIgnoreCase) || !firstLine.Contains("copyright-format", StringComparison.OrdinalIgnoreCase))
            return null;
        var ids = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n"))
        {
            if (!paragraph.StartsWith("Files:", StringComparison.OrdinalIgnoreCase) && !paragraph.Contains("\nFiles:", StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var line in paragraph.Split('\n'))
            {
                if (!line.StartsWith("License:", StringComparison.OrdinalIgnoreCase)) continue;
                var expression = Expression(line["License:".Length..]);
                if (expression is not null && !ids.Contains(expression)) ids.Add(expression);
            }
        }
        return ids.Count == 0 ? null : ids.Count == 1 ? ids[0]
            : string.Join(" AND ", ids.Select(e => e.Contains(" OR ", StringComparison.Ordinal) ? $"({e})" : e));
    }

    /// <summary>Maps one licence name to an SPDX id or a LicenseRef; a name that already is one of the SPDX ids known
    /// here stays as it is.</summary>
    public static string ToSpdxId(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        if (SpdxIds.Contains(trimmed)) return trimmed;
        if (Spdx.TryGetValue(trimmed, out var id)) return id;
        var sb = new StringBuilder("LicenseRef-");
        foreach (var c in trimmed)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '-');
        return sb.ToString();
    }

    /// <summary>True when <paramref name="id"/> is a LicenseRef rather than an SPDX list id.</summary>
    public static bool IsLicenseRef(string id) => id.StartsWith("LicenseRef-", StringComparison.Ordinal);

    /// <summary>One License line as an SPDX expression: <c>or</c> → OR, <c>and</c> → AND (binding tighter, as in SPDX);
    /// a comma separates AND-ed groups (DEP-5's lower-precedence form); <c>with … exception</c> text is left out.</summary>
    private static string? Expression(string line)
    {
        var groups = new List<string>();
        foreach (var group in line.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var alternatives = new List<string>();
            foreach (var alternative in System.Text.RegularExpressions.Regex.Split(group, @"\s+or\s+|\s+\|\s+",
                         System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                var terms = System.Text.RegularExpressions.Regex.Split(alternative, @"\s+and\s+",
                        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
                    .SelectMany(Terms).Distinct(StringComparer.Ordinal).ToList();
                if (terms.Count > 0 && !alternatives.Contains(string.Join(" AND ", terms))) alternatives.Add(string.Join(" AND ", terms));
            }
            if (alternatives.Count == 0) continue;
            var expression = string.Join(" OR ", alternatives);
            if (!groups.Contains(expression)) groups.Add(expression);
        }
        return groups.Count == 0 ? null : groups.Count == 1 ? groups[0]
            : string.Join(" AND ", groups.Select(g => g.Contains(" OR ", StringComparison.Ordinal) ? $"({g})" : g));
    }

    private static IEnumerable<string> Terms(string expression)
    {
        var cleaned = expression.Replace("(", " ", StringComparison.Ordinal).Replace(")", " ", StringComparison.Ordinal);
        foreach (var word in cleaned.Split([" or ", " and ", " | ", ",", " OR ", " AND "], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var w = word;
            var with = w.IndexOf(" with ", StringComparison.OrdinalIgnoreCase);
            if (with > 0) w = w[..with].Trim();
            if (w.Length == 0 || w.Contains(' ', StringComparison.Ordinal) && !Spdx.ContainsKey(w)) w = w.Split(' ')[0];
            if (w.Length > 0) yield return ToSpdxId(w);
        }
    }
}
