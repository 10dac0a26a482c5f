using System.Xml;

namespace ImageGate.Patches.Yum;

/// <summary>An rpm package version as the metadata states it.</summary>
internal readonly record struct Evr(string? Epoch, string Version, string Release)
{
    public int CompareTo(Evr other) => Versions.RpmVersion.Compare(Epoch, Version, Release, other.Epoch, other.Version, other.Release);

    public override string ToString() => (string.IsNullOrEmpty(Epoch) || Epoch == "0" ? "" : Epoch + ":") + Version + "-" + Release;

    public static Evr Parse(string s)
    {
        var (e, v, r) = Versions.RpmVersion.Parse(s);
        return new Evr(e, v, r ?? "");
    }
}

/// <summary>The newest EVR of each (name, arch) in a repository's primary.xml.</summary>
internal sealed class PrimaryIndex
{
    private readonly Dictionary<(string, string), Evr> _newest = new();

    public int Count => _newest.Count;

    public Evr? Newest(string name, string arch) => _newest.TryGetValue((name, arch), out var v) ? v : null;

    public static PrimaryIndex Parse(byte[] xml, string what) => RepoXml.Guard(what, () =>
    {
        var index = new PrimaryIndex();
        using var r = RepoXml.Create(xml, 4L << 30);
        string? name = null, arch = null;
        Evr? evr = null;
        var inPackage = false;
        r.Read();
        while (!r.EOF)
        {
            if (r.NodeType == XmlNodeType.Element && r.Depth == 1 && r.LocalName == "package")
            {
                name = arch = null;
                evr = null;
                inPackage = !r.IsEmptyElement;
                r.Read();
                continue;
            }
            if (inPackage && r.NodeType == XmlNodeType.Element && r.Depth == 2)
            {
                switch (r.LocalName)
                {
                    case "name": name = r.ReadElementContentAsString().Trim(); continue;
                    case "arch": arch = r.ReadElementContentAsString().Trim(); continue;
                    case "version":
                        evr = new Evr(r.GetAttribute("epoch"), r.GetAttribute("ver") ?? "", r.GetAttribute("rel") ?? "");
                        r.Skip();
                        continue;
                    default: r.Skip(); continue;
                }
            }
            if (inPackage && r.NodeType == XmlNodeType.EndElement && r.Depth == 1 && r.LocalName == "package")
            {
                if (name is not null && arch is not null && evr is { } e)
                {
                    var key = (name, arch);
                    if (!index._newest.TryGetValue(key, out var have) || e.CompareTo(have) > 0) index._newest[key] = e;
                }
                inPackage = false;
            }
            r.Read();
        }
        return index;
    });
}

/// <summary>One package an advisory names.</summary>
internal sealed record AdvisoryPackage(string Name, string Arch, Evr Evr);

/// <summary>One <c>&lt;update&gt;</c> of updateinfo.xml.</summary>
internal sealed record UpdateInfoEntry(string Type, Advisory Advisory, IReadOnlyList<AdvisoryPackage> Packages)
{
    public static List<UpdateInfoEntry> Parse(byte[] xml, string what) => RepoXml.Guard(what, () =>
    {
        var list = new List<UpdateInfoEntry>();
        using var r = RepoXml.Create(xml, 4L << 30);
        while (r.Read())
        {
            if (r.NodeType != XmlNodeType.Element || r.LocalName != "update") continue;
            var type = r.GetAttribute("type") ?? "";
            string? id = null, title = null, severity = null, issued = null;
            var cves = new List<string>();
            var packages = new List<AdvisoryPackage>();
            if (r.IsEmptyElement) continue;
            var depth = r.Depth;
            r.Read();
            while (!r.EOF && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                if (r.NodeType != XmlNodeType.Element) { r.Read(); continue; }
                switch (r.LocalName)
                {
                    case "id" when r.Depth == depth + 1: id = r.ReadElementContentAsString().Trim(); continue;
                    case "title" when r.Depth == depth + 1: title = r.ReadElementContentAsString().Trim(); continue;
                    case "severity" when r.Depth == depth + 1: severity = r.ReadElementContentAsString().Trim(); continue;
                    case "issued": issued = r.GetAttribute("date"); break;
                    case "reference":
                        if (r.GetAttribute("type") == "cve" && r.GetAttribute("id") is { } cve) cves.Add(cve);
                        break;
                    case "package":
                        var n = r.GetAttribute("name");
                        var a = r.GetAttribute("arch");
                        var v = r.GetAttribute("version");
                        if (n is not null && a is not null && v is not null)
                            packages.Add(new AdvisoryPackage(n, a, new Evr(r.GetAttribute("epoch"), v, r.GetAttribute("release") ?? "")));
                        break;
                }
                r.Read();
            }
            if (id is null) throw new System.Xml.XmlException("an <update> has no <id>");
            list.Add(new UpdateInfoEntry(type, new Advisory(id, string.IsNullOrEmpty(severity) ? null : severity, title) { Cves = cves.Distinct().ToList(), Issued = issued }, packages));
        }
        return list;
    });
}
