using ImageGate.Core.Errors;
using ImageGate.Core.Packages;
using ImageGate.FileTrees;

namespace ImageGate.Scanning.Inventory;

/// <summary>Reads dpkg's database (<c>/var/lib/dpkg/status</c>): installed packages with source, version, architecture,
/// and licences from machine-readable <c>/usr/share/doc/&lt;package&gt;/copyright</c> files.</summary>
public static class DpkgDatabase
{
    /// <summary>The status file's path inside an image.</summary>
    public const string StatusPath = "/var/lib/dpkg/status";

    /// <summary>The installed packages, sorted by name and architecture; empty when the image has no dpkg database.</summary>
    public static IReadOnlyList<InstalledPackage> Read(IFileSystem fs, bool licences = true)
    {
        ArgumentNullException.ThrowIfNull(fs);
        var entry = FileTree.Resolve(fs, StatusPath);
        if (entry is not { Kind: EntryKind.File }) return [];
        if (entry.Size > 512L * 1024 * 1024)
            throw new BadInputException("dpkg status file is implausibly large", StatusPath);
        using var stream = fs.OpenRead(entry);
        using var reader = new StreamReader(stream);
        var packages = Parse(reader);
        if (!licences) return packages;
        return packages.Select(p => p with { License = CopyrightLicenses.ForDebianPackage(fs, p.Name) }).ToList();
    }

    /// <summary>Parses status paragraphs; only packages whose status says <c>installed</c> are returned.</summary>
    public static IReadOnlyList<InstalledPackage> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var list = new List<InstalledPackage>();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        void Flush()
        {
            if (fields.TryGetValue("Package", out var name) && fields.TryGetValue("Status", out var status) &&
                status.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var selection, _, "installed"] && fields.TryGetValue("Version", out var version))
            {
                string? sourceName = null, sourceVersion = null;
                if (fields.TryGetValue("Source", out var source))
                {
                    var open = source.IndexOf('(', StringComparison.Ordinal);
                    sourceName = (open > 0 ? source[..open] : source).Trim();
                    if (open > 0) sourceVersion = source[(open + 1)..].TrimEnd(')', ' ').Trim();
                }
                list.Add(new InstalledPackage(PackageType.Deb, name, version, fields.GetValueOrDefault("Architecture") ?? "")
                {
                    SourceName = sourceName ?? name,
                    SourceVersion = sourceVersion ?? version,
                    Section = fields.GetValueOrDefault("Section"),
                    Held = selection == "hold" ? true : null,
                });
            }
            fields.Clear();
            last = null;
        }
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) { Flush(); continue; }
            if (line[0] is ' ' or '\t') continue; // continuation lines (descriptions, conffiles)
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            last = line[..colon];
            fields[last] = line[(colon + 1)..].Trim();
        }
        Flush();
        return list.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Architecture, StringComparer.Ordinal).ToList();
    }
}
