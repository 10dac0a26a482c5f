namespace ImageGate.Scanning.Licences;

/// <summary>The category of each known SPDX id: the assignments of Trivy's licence classifier (Google's licence
/// classification) for the common ids. <c>-only</c> and <c>-or-later</c> forms take their base id's category.</summary>
public static class LicenceCategories
{
    private static readonly Dictionary<string, LicenceCategory> Table = Build();

    private static Dictionary<string, LicenceCategory> Build()
    {
        var t = new Dictionary<string, LicenceCategory>(StringComparer.OrdinalIgnoreCase);
        void Add(LicenceCategory c, params string[] ids) { foreach (var id in ids) t[id] = c; }
        Add(LicenceCategory.Forbidden, "AGPL-1.0", "AGPL-3.0", "CC-BY-NC-1.0", "CC-BY-NC-2.0", "CC-BY-NC-2.5", "CC-BY-NC-3.0", "CC-BY-NC-4.0",
            "CC-BY-NC-ND-1.0", "CC-BY-NC-ND-2.0", "CC-BY-NC-ND-2.5", "CC-BY-NC-ND-3.0", "CC-BY-NC-ND-4.0",
            "CC-BY-NC-SA-1.0", "CC-BY-NC-SA-2.0", "CC-BY-NC-SA-2.5", "CC-BY-NC-SA-3.0", "CC-BY-NC-SA-4.0",
            "Commons-Clause", "Facebook-2-Clause", "Facebook-3-Clause", "Facebook-Examples", "WTFPL");
        Add(LicenceCategory.Restricted, "BCL", "CC-BY-ND-1.0", "CC-BY-ND-2.0", "CC-BY-ND-2.5", "CC-BY-ND-3.0", "CC-BY-ND-4.0",
            "CC-BY-SA-1.0", "CC-BY-SA-2.0", "CC-BY-SA-2.5", "CC-BY-SA-3.0", "CC-BY-SA-4.0",
            "GPL-1.0", "GPL-2.0", "GPL-2.0-with-autoconf-exception", "GPL-2.0-with-bison-exception", "GPL-2.0-with-classpath-exception",
            "GPL-2.0-with-font-exception", "GPL-2.0-with-GCC-exception", "GPL-3.0", "GPL-3.0-with-autoconf-exception", "GPL-3.0-with-GCC-exception",
            "LGPL-2.0", "LGPL-2.1", "LGPL-3.0", "NPL-1.0", "NPL-1.1", "OSL-1.0", "OSL-1.1", "OSL-2.0", "OSL-2.1", "OSL-3.0", "QPL-1.0", "Sleepycat");
        Add(LicenceCategory.Reciprocal, "APSL-1.0", "APSL-1.1", "APSL-1.2", "APSL-2.0", "CDDL-1.0", "CDDL-1.1", "CPL-1.0", "EPL-1.0", "EPL-2.0",
            "FreeImage", "IPL-1.0", "MPL-1.0", "MPL-1.1", "MPL-2.0", "Ruby");
        Add(LicenceCategory.Notice, "AFL-1.1", "AFL-1.2", "AFL-2.0", "AFL-2.1", "AFL-3.0", "Apache-1.0", "Apache-1.1", "Apache-2.0",
            "Artistic-1.0-cl8", "Artistic-1.0-Perl", "Artistic-1.0", "Artistic-2.0", "BSL-1.0", "BSD-2-Clause-FreeBSD", "BSD-2-Clause-NetBSD",
            "BSD-2-Clause", "BSD-3-Clause-Attribution", "BSD-3-Clause-Clear", "BSD-3-Clause-LBNL", "BSD-3-Clause", "BSD-4-Clause", "BSD-4-Clause-UC",
            "BSD-Protection", "CC-BY-1.0", "CC-BY-2.0", "CC-BY-2.5", "CC-BY-3.0", "CC-BY-4.0", "FTL", "ISC", "ImageMagick", "Libpng", "Lil-1.0",
            "Linux-OpenIB", "LPL-1.0", "LPL-1.02", "MS-PL", "MIT", "NCSA", "OpenSSL", "PHP-3.0", "PHP-3.01", "PIL", "Python-2.0", "Python-2.0-complete",
            "PostgreSQL", "SGI-B-1.0", "SGI-B-1.1", "SGI-B-2.0", "Unicode-DFS-2015", "Unicode-DFS-2016", "Unicode-TOU", "UPL-1.0",
            "W3C-19980720", "W3C-20150513", "W3C", "X11", "Xnet", "Zend-2.0", "zlib-acknowledgement", "Zlib", "ZPL-1.1", "ZPL-2.0", "ZPL-2.1");
        Add(LicenceCategory.Unencumbered, "CC0-1.0", "Unlicense", "0BSD");
        return t;
    }

    /// <summary>The category of one SPDX id (<c>LicenseRef-…</c> ids are <see cref="LicenceCategory.LicenseRef"/>, ids no
    /// table knows <see cref="LicenceCategory.Unknown"/>).</summary>
    public static LicenceCategory Of(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase) || id.StartsWith("DocumentRef-", StringComparison.OrdinalIgnoreCase))
            return LicenceCategory.LicenseRef;
        if (Table.TryGetValue(id, out var c)) return c;
        foreach (var suffix in (string[])["-only", "-or-later", "+"])
            if (id.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && Table.TryGetValue(id[..^suffix.Length], out c)) return c;
        return LicenceCategory.Unknown;
    }

    /// <summary>The lower-case name used in policies and reports (<c>notice</c>, <c>licenseref</c> …).</summary>
    public static string Name(LicenceCategory category) => category.ToString().ToLowerInvariant();

    /// <summary>Parses a category name as policies write it; null when it is none.</summary>
    public static LicenceCategory? Parse(string name) =>
        Enum.TryParse<LicenceCategory>(name?.Trim(), ignoreCase: true, out var c) && Enum.IsDefined(c) && !int.TryParse(name, out _) ? c : null;
}
